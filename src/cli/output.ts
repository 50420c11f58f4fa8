// Text written to a stream through one reused buffer. `dbt-steward manifest` prints 20 MB of JSON (5,000 models)
// in ~10,000 pieces: handing each to the stream would encode it on its own, and joining them into bigger strings
// builds ropes that are flattened again before encoding. Encoding straight into a buffer does neither.

/** What the writer needs of a stream (process.stdout is one). */
export interface ByteSink {
  write(chunk: Uint8Array): unknown;
  /** Bytes accepted but not yet handed to the OS: a buffer still queued must not be overwritten. */
  readonly writableLength: number;
}

// UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair is 4 bytes for 2 units).
const MAX_BYTES_PER_UNIT = 3;

export class BufferedWriter {
  private buffer: Buffer;
  private used = 0;

  constructor(
    private readonly sink: ByteSink,
    private readonly size = 1 << 20,
  ) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  write(text: string): void {
    const most = text.length * MAX_BYTES_PER_UNIT;
    if (this.used + most > this.size) this.flush();
    if (most > this.size) {
      this.sink.write(Buffer.from(text));
      return;
    }
    this.used += this.buffer.write(text, this.used);
  }

  /** Hands what is buffered to the sink. */
  flush(): void {
    if (this.used === 0) return;
    this.sink.write(this.buffer.subarray(0, this.used));
    this.used = 0;
    // A stream that wrote synchronously (files, and pipes and terminals on Linux) is done with the buffer; one
    // that queued it keeps a reference, so the next text goes into a new one.
    if (this.sink.writableLength > 0) this.buffer = Buffer.allocUnsafe(this.size);
  }
}
