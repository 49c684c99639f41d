import { connect } from "node:net";

export interface Upload {
  /** Everything the hub sent back. */
  received: string;
  bytesSent: number;
  /** Milliseconds from the first byte of the answer to the close. */
  closedAfterMs: number;
}

/**
 * A raw chunked upload that never ends by itself: `burstBytes`, then, once the answer has
 * arrived, `trickleBytes` every `trickleEveryMs` (0: as fast as the socket takes them;
 * undefined: nothing more). The client never closes by itself: the promise resolves when the
 * hub has closed the connection (FIN or reset).
 */
export function endlessUpload(
  url: string,
  options: { burstBytes: number; trickleBytes?: number; trickleEveryMs?: number },
): Promise<Upload> {
  const { hostname, port, host, pathname } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const upload: Upload = { received: "", bytesSent: 0, closedAfterMs: 0 };
    let timer: NodeJS.Timeout | undefined;
    let answeredAt = 0;
    const chunk = (size: number) => `${size.toString(16)}\r\n${"y".repeat(size)}\r\n`;
    const send = (size: number) => {
      upload.bytesSent += size;
      return socket.write(chunk(size));
    };
    const pump = () => {
      if (socket.destroyed) return;
      const { trickleBytes, trickleEveryMs } = options;
      if (trickleBytes === undefined) return;
      if (trickleEveryMs === 0) {
        while (send(trickleBytes)) if (socket.destroyed) return;
        socket.once("drain", pump);
      } else {
        send(trickleBytes);
        timer = setTimeout(pump, trickleEveryMs);
      }
    };
    socket.setEncoding("utf8");
    socket.on("data", (data: string) => {
      // Goes on sending once the answer is in: bytes still unread when the hub finally resets
      // the connection would be lost, and this test is about the bound, not about that.
      if (upload.received === "") {
        answeredAt = performance.now();
        pump();
      }
      upload.received += data;
    });
    socket.on("error", () => {}); // EPIPE / ECONNRESET once the hub stops listening: expected
    socket.on("end", () => socket.destroy());
    socket.on("close", () => {
      clearTimeout(timer);
      upload.closedAfterMs = answeredAt === 0 ? 0 : performance.now() - answeredAt;
      resolve(upload);
    });
    socket.on("connect", () => {
      socket.write(
        `POST ${pathname} HTTP/1.1\r\nHost: ${host}\r\n` +
          "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
      );
      for (let sent = 0; sent < options.burstBytes; sent += 64 * 1024) send(64 * 1024);
    });
  });
}
