import { describe, expect, it } from "vitest";
import { formatDays } from "./format.ts";

describe("round dates", () => {
  it("says a span the way people write it", () => {
    expect(formatDays("2023-05-01", "2023-05-04")).toBe("1–4 May 2023");
    expect(formatDays("2023-04-30", "2023-05-02")).toBe("30 April – 2 May 2023");
    expect(formatDays("2023-01-16", "2023-01-16")).toBe("16 January 2023");
    expect(formatDays("2022-12-30", "2023-01-02")).toBe("30 December 2022 – 2 January 2023");
  });
});
