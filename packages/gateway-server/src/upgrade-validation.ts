// One upgrade check for both transports, so that uWS and ws answer a bad upgrade alike (uWS
// alone accepted any Sec-WebSocket-Version and any header size).
import type { UpgradeHeaders } from "./transport.js";

/** A refused upgrade: the HTTP status and the plain-text body that says what is wrong. */
export interface UpgradeRefusal {
  status: 400 | 426 | 431 | 503;
  message: string;
  /** The option whose limit refused it (connection caps only), for the log. */
  limit?: string;
}

const KEY_PATTERN = /^[+/0-9A-Za-z]{22}==$/;

/** HTTP reason phrases of the statuses we answer with. */
export const UPGRADE_STATUS_TEXT: Record<UpgradeRefusal["status"], string> = {
  400: "Bad Request",
  426: "Upgrade Required",
  431: "Request Header Fields Too Large",
  503: "Service Unavailable",
};

/** Size of a request head as sent: request line plus `name: value\r\n` per header. */
export function requestHeadBytes(method: string, url: string, headers: UpgradeHeaders): number {
  let bytes = method.length + url.length + 14; // two spaces, "HTTP/1.1\r\n" and the final "\r\n"
  for (const name in headers) bytes += name.length + (headers[name] as string).length + 4;
  return bytes;
}

/** Checks a WebSocket upgrade (RFC 6455 §4.2.1); null when it may proceed. */
export function validateUpgrade(headers: UpgradeHeaders, headBytes: number, maxHeaderBytes: number): UpgradeRefusal | null {
  if (headBytes > maxHeaderBytes) return { status: 431, message: `upgrade request head is ${headBytes} bytes; the limit is ${maxHeaderBytes}` };
  if ((headers.upgrade ?? "").toLowerCase() !== "websocket") return { status: 400, message: "Upgrade header must be websocket" };
  if (!/(^|,)\s*upgrade\s*(,|$)/i.test(headers.connection ?? "")) return { status: 400, message: "Connection header must include Upgrade" };
  const version = (headers["sec-websocket-version"] ?? "").trim();
  if (version !== "13") return { status: 400, message: "Sec-WebSocket-Version must be 13" };
  if (!KEY_PATTERN.test((headers["sec-websocket-key"] ?? "").trim())) return { status: 400, message: "Sec-WebSocket-Key must be 16 bytes in base64" };
  return null;
}

/** The raw HTTP response that refuses an upgrade (the socket is closed after it). */
export function renderRefusal(refusal: UpgradeRefusal): string {
  const body = `${refusal.message}\n`;
  const extra = refusal.status === 400 || refusal.status === 426 ? "Sec-WebSocket-Version: 13\r\n" : "";
  return `HTTP/1.1 ${refusal.status} ${UPGRADE_STATUS_TEXT[refusal.status]}\r\nConnection: close\r\n${extra}Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
