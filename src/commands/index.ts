// Comment commands' public face.
export { helpText, parseCommand, type Command } from './parse.js';
