/** Shared so that every UTF-8 read below reuses one decoder: `decode` without `stream` keeps no state. */
const utf8 = new TextDecoder();

/**
 * A response body as UTF-8 text, or undefined when it is larger than `maxBytes`. A stated
 * `content-length` over the cap is refused before anything is read; otherwise the bytes are counted as
 * they arrive (after any content-encoding is undone, so a small gzip bomb is counted at its real size)
 * and the stream is cancelled at the first chunk over the cap, which makes fetch drop the connection:
 * a server streaming without end costs about `maxBytes` of memory, not what it sends. Stream errors
 * (a timeout's abort, a reset) reject as they would from `text()`.
 */
export async function readTextCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  const body = response.body;
  if (!body) return '';
  if (Number(response.headers.get('content-length')) > maxBytes) {
    void body.cancel().catch(() => undefined);
    return undefined;
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  // A token or discovery answer usually arrives in one chunk: decode it without copying.
  if (chunks.length <= 1) return chunks.length ? utf8.decode(chunks[0]) : '';
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return utf8.decode(bytes);
}
