import { describe, expect, it } from "vitest";
import { LiveClient, type SocketLike } from "./live-client.ts";

/** A socket the test drives by hand: it never opens, it only closes as a refused upgrade does (1006). */
class RefusedSocket implements SocketLike {
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  send(): void {}
  close(): void {}
  refuse(): void {
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: "" });
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("LiveClient after a refused connection", () => {
  it("stops, status closed, when the caller says access is gone (signed out, expired, removed)", async () => {
    const sockets: RefusedSocket[] = [];
    const statuses: string[] = [];
    let asked = 0;
    const client = new LiveClient({
      baseUrl: "http://127.0.0.1:1",
      negotiationId: "n",
      open: () => {
        const socket = new RefusedSocket();
        sockets.push(socket);
        return socket;
      },
      onStatus: (status) => statuses.push(status),
      stillAllowed: async () => {
        asked += 1;
        return false;
      },
    });
    client.connect();
    sockets[0]?.refuse();
    await settle();
    expect(asked).toBe(1);
    expect(statuses.at(-1)).toBe("closed");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sockets).toHaveLength(1);
  });

  it("tries again when access still stands (the server was only unreachable)", async () => {
    const sockets: RefusedSocket[] = [];
    const client = new LiveClient({
      baseUrl: "http://127.0.0.1:1",
      negotiationId: "n",
      open: () => {
        const socket = new RefusedSocket();
        sockets.push(socket);
        return socket;
      },
      stillAllowed: async () => true,
    });
    client.connect();
    sockets[0]?.refuse();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    client.close();
  });
});
