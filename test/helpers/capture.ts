import { Writable } from 'node:stream';

/** A writable that keeps what it was given, for asserting on reporter output. */
export function capture(): Writable & { text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return Object.assign(stream, { text: () => text });
}

/** Removes colors and durations so assertions read the words a user reads. */
export function sanitize(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
      .replace(/\b\d+[hm] \d+[ms]\b/g, '<t>')
      .replace(/\b\d+(\.\d+)?(ms|s)\b/g, '<t>')
  );
}
