// Streams a chat completion from any OpenAI-compatible endpoint (`POST {baseUrl}/chat/completions`
// with `stream: true`, server-sent events). Yields text deltas; errors say what the endpoint said.

/** Why a completion failed, worded for the chat `error` event (never contains the API key). */
export class CompletionError extends Error {
  constructor(message, status) {
    super(message);
    this.name = "CompletionError";
    this.status = status;
  }
}

async function describeHttpError(response) {
  let detail = "";
  try {
    const body = await response.text();
    try {
      detail = JSON.parse(body)?.error?.message ?? body;
    } catch {
      detail = body;
    }
  } catch {}
  detail = String(detail).trim().slice(0, 500);
  return new CompletionError(`model endpoint answered HTTP ${response.status}${detail ? `: ${detail}` : ""}`, response.status);
}

/**
 * Yields `{ delta }` per content chunk, then `{ usage }` when the endpoint reports it.
 * `signal` aborts the request (chat.abort, timeout).
 */
export async function* streamCompletion({ baseUrl, apiKey, model, messages, signal, fetchImpl = fetch }) {
  const url = `${baseUrl.replace(/\/+$/, "")}/chat/completions`;
  let response;
  try {
    response = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: JSON.stringify({ model, messages, stream: true, stream_options: { include_usage: true } }),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new CompletionError(`cannot reach the model endpoint ${url}: ${error.cause?.message ?? error.message}`);
  }
  if (!response.ok) throw await describeHttpError(response);
  if (!response.body) throw new CompletionError("model endpoint sent no body");
  const decoder = new TextDecoder();
  let buffer = "";
  let done = false;
  try {
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (!line.startsWith("data:")) continue;
        const data = line.slice(5).trim();
        if (data === "[DONE]") {
          done = true;
          return;
        }
        let event;
        try {
          event = JSON.parse(data);
        } catch {
          throw new CompletionError(`model endpoint sent an event that is not JSON: ${data.slice(0, 100)}`);
        }
        if (event.error) throw new CompletionError(`model endpoint error: ${event.error.message ?? JSON.stringify(event.error)}`);
        const delta = event.choices?.[0]?.delta?.content;
        if (typeof delta === "string" && delta.length > 0) yield { delta };
        if (event.usage) yield { usage: event.usage };
        if (event.choices?.[0]?.finish_reason) done = true;
      }
    }
  } catch (error) {
    if (signal?.aborted || error instanceof CompletionError) throw error;
    throw new CompletionError(`model stream broke off: ${error.cause?.message ?? error.message}`);
  }
  if (!done && !signal?.aborted) throw new CompletionError("model stream ended before [DONE]");
}
