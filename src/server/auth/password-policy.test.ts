import { describe, expect, it } from "vitest";
import { passwordWeakness } from "./password-policy.ts";

describe("passwordWeakness", () => {
  it("refuses the common list whatever the case, and passes a passphrase", () => {
    for (const password of ["qwerty123456", "QWERTY123456", "1Qaz2Wsx3Edc", "password"])
      expect(passwordWeakness(password)?.code).toBe("password.common");
    expect(passwordWeakness("correct horse battery staple")).toBeNull();
  });

  it("refuses the product's name and the account's own address or name words, not short fragments", () => {
    const maria = { email: "maria.ruiz@am.example", name: "María de la Ruiz" };
    expect(passwordWeakness("I love PARLEY a lot", maria)?.code).toBe("password.context");
    expect(passwordWeakness("Maria.Ruiz went home", maria)?.code).toBe("password.context");
    expect(passwordWeakness("dear old ruiz, twelve", maria)?.code).toBe("password.context");
    expect(passwordWeakness("señora maría sings", maria)?.code).toBe("password.context");
    // "de" and "la" are words of the name, too short to count; without a context only "parley" is refused.
    expect(passwordWeakness("a delicate lantern", maria)).toBeNull();
    expect(passwordWeakness("maria ruiz sings", {})).toBeNull();
    expect(passwordWeakness("the word is Parley", {})?.message).toContain('"parley"');
  });
});
