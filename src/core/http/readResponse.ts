/**
 * A response read whole, as `exchange` (httpExchange.ts) returns it. `response` serves the body already
 * read (see readBodyResponse), so the pure oauth4webapi `process*` steps consume it without a second read,
 * while the raw text stays available to describe an unexpected body (describeUnexpectedBody).
 */
export interface ReadResponse {
  readonly response: Response;
  readonly text: string;
  readonly status: number;
  readonly contentType: string | null;
  readonly url: string;
}

/**
 * A `Response` whose body was already read (as text, under the timeout): `json()`, `text()` and `clone()`
 * serve that text instead of streaming a second copy, which is what a `new Response(text)` re-wrap costs
 * (its json() reads a new stream: 2× the CPU of the read itself). Status and headers are the received ones.
 * The body can be consumed once, as a real Response's (oauth4webapi checks `bodyUsed`); the core and
 * oauth4webapi read it only through these three.
 *
 * The class is made on first use, not when the module loads: `extends Response` reads the global
 * `Response`, and in plain Node that loads undici (Node's fetch) before anything is fetched. BENCHMARKS.md
 * row 7b times the bundle's `require` without it.
 */
let ReadBodyResponseClass: (new (raw: Response, text: string) => Response) | undefined;

export function readBodyResponse(raw: Response, text: string): Response {
  ReadBodyResponseClass ??= defineReadBodyResponse();
  return new ReadBodyResponseClass(raw, text);
}

function defineReadBodyResponse(): new (raw: Response, text: string) => Response {
  class ReadBodyResponse extends Response {
    readonly #raw: Response;
    readonly #text: string;
    #used = false;

    constructor(raw: Response, text: string) {
      super(null, { status: raw.status, statusText: raw.statusText });
      this.#raw = raw;
      this.#text = raw.status === 204 || raw.status === 304 ? '' : text;
    }

    override get headers(): Headers { return this.#raw.headers; }
    override get url(): string { return this.#raw.url; }
    override get redirected(): boolean { return this.#raw.redirected; }
    override get bodyUsed(): boolean { return this.#used; }
    override get body(): null { return null; }

    override text(): Promise<string> {
      return this.#consume(() => this.#text);
    }

    override json(): Promise<unknown> {
      return this.#consume(() => JSON.parse(this.#text) as unknown);
    }

    override clone(): Response {
      if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.');
      return new ReadBodyResponse(this.#raw, this.#text);
    }

    #consume<T>(read: () => T): Promise<T> {
      if (this.#used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
      this.#used = true;
      try {
        return Promise.resolve(read());
      } catch (error) {
        return Promise.reject(error);
      }
    }
  }
  return ReadBodyResponse;
}
