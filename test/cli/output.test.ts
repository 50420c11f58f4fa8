// BufferedWriter: what reaches the stream is exactly the text written, in order, whatever its size or encoding,
// and a buffer the stream still holds is never written over.
import { BufferedWriter, type ByteSink } from '../../src/cli/output.js';

/**
 * A stream that keeps the chunks it is given: `queued` (a write still waiting for the OS) holds the very views and
 * says so; otherwise it copies them, as an OS write does, unless `views` asks it to keep them, to show reuse.
 */
function keepingSink(queued: boolean, views = queued): ByteSink & { chunks: Uint8Array[]; text(): string } {
  const chunks: Uint8Array[] = [];
  return {
    chunks,
    write: (chunk) => chunks.push(views ? chunk : Uint8Array.from(chunk)),
    get writableLength() {
      return queued ? chunks.reduce((sum, c) => sum + c.length, 0) : 0;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

const pieces = ['{"a":', '"plain"', ',"é":"naïve – ☃"', ',"emoji":"😀"', ',"x":"', 'y'.repeat(40), '"}'];

describe('BufferedWriter', () => {
  it('passes the text through unchanged across buffer boundaries, multi-byte characters included', () => {
    const sink = keepingSink(false);
    // A 32-byte buffer: most pieces force a flush, one is larger than the buffer and goes straight through.
    const writer = new BufferedWriter(sink, 32);
    for (const piece of pieces) writer.write(piece);
    writer.flush();
    expect(sink.text()).toBe(pieces.join(''));
    expect(sink.chunks.length).toBeGreaterThan(2);
  });

  it('writes nothing until flushed when the text fits, and flushing twice writes nothing more', () => {
    const sink = keepingSink(false);
    const writer = new BufferedWriter(sink, 1024);
    writer.write('abc');
    expect(sink.chunks).toHaveLength(0);
    writer.flush();
    writer.flush();
    expect(sink.chunks).toHaveLength(1);
    expect(sink.text()).toBe('abc');
  });

  it('does not reuse a buffer the stream still holds', () => {
    // The sink keeps the views it was given: had the writer reused its buffer, earlier chunks would change.
    const sink = keepingSink(true);
    const writer = new BufferedWriter(sink, 16);
    for (let i = 0; i < 10; i++) writer.write(`<${i}>`);
    writer.flush();
    expect(sink.text()).toBe(Array.from({ length: 10 }, (_, i) => `<${i}>`).join(''));
  });

  it('reuses its buffer when the stream is done with it', () => {
    const sink = keepingSink(false, true);
    const writer = new BufferedWriter(sink, 32);
    writer.write('first');
    writer.flush();
    writer.write('second');
    writer.flush();
    // Both views share one buffer: the first now reads what was written over it.
    expect(Buffer.from(sink.chunks[0]!).toString()).toBe('secon');
  });
});
