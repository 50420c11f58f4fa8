// A node's `checksum` as dbt writes it (sha256 of the stripped file, or a path), computed when first read.
import { hash } from 'node:crypto';
import { pythonStrip } from './text.js';

/**
 * A node's `checksum` as dbt writes it: `sha256` of the stripped file, or a `path`. The digest is computed when
 * first read: only `manifest` prints it, and hashing every file cost a 5,000-model compile 40 ms that reviews
 * never use.
 */
export class Checksum {
  // What the checksum is made of, as plain fields so that equality (a test's toEqual, a memo's compare) sees it:
  // the text to hash, or the checksum itself when it is known.
  private constructor(
    readonly name: string,
    private readonly input: string,
    private readonly hashed: boolean,
  ) {}

  #digest: string | null = null;

  /** The sha256 of `text` stripped, as dbt hashes file contents. */
  static of(text: string): Checksum {
    return new Checksum('sha256', text, true);
  }

  /** A checksum already known (a big seed's path, or one read from a manifest). */
  static known(name: string, checksum: string): Checksum {
    return new Checksum(name, checksum, false);
  }

  get checksum(): string {
    if (!this.hashed) return this.input;
    this.#digest ??= hash('sha256', pythonStrip(this.input), 'hex');
    return this.#digest;
  }

  /** The file text the checksum is of (null for a checksum already known, such as a big seed's path). */
  text(): string | null {
    return this.hashed ? this.input : null;
  }

  toJSON(): { name: string; checksum: string } {
    return { name: this.name, checksum: this.checksum };
  }
}

/** dbt's MAXIMUM_SEED_SIZE: a larger seed file is not read, its checksum is its path (SourceFile.big_seed). */
const MAXIMUM_SEED_BYTES = 1024 * 1024;

/** A seed's checksum as dbt's load_seed_source_file makes it: of the stripped file, or its path when too large. */
export function seedChecksum(text: string, originalFilePath: string): Checksum {
  if (Buffer.byteLength(text, 'utf8') > MAXIMUM_SEED_BYTES) return Checksum.known('path', originalFilePath);
  return Checksum.of(text);
}
