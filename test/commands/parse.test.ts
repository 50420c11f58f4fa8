import { describe, expect, it } from '@jest/globals';
import { helpText, parseCommand } from '../../src/commands/index.js';

describe('parseCommand', () => {
  it.each([
    ['/metadata-check', { kind: 'check' }],
    ['Thanks!\n\n  /metadata-check please', { kind: 'check' }],
    ['/metadata-review', { kind: 'check' }],
    ['/METADATA-HELP', { kind: 'help' }],
    ['/metadata-frobnicate', { kind: 'unknown', name: 'frobnicate' }],
  ])('reads %j as a command', (body, command) => {
    expect(parseCommand(body)).toEqual(command);
  });

  it.each([
    ['plain text'],
    ['see /metadata-check in the docs'],
    ['> /metadata-check'],
    ['```\n/metadata-check\n```'],
    ['/metadatacheck'],
  ])('ignores %j', (body) => {
    expect(parseCommand(body)).toBeNull();
  });

  it('answers an unknown command with the list of commands', () => {
    expect(helpText('x')).toContain('does not know `/metadata-x`');
    expect(helpText()).toContain('`/metadata-check`');
  });
});
