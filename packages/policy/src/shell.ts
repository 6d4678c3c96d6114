/**
 * A small, linear shell word splitter. It does not run or expand anything; it finds the simple
 * commands inside a command line so that typed commands can be recognised in each of them.
 */

/** Characters that end one simple command and start the next (`;`, `&&`, `|`, `$(`, ...). */
const SEPARATORS = new Set([';', '&', '|', '\n', '(', ')', '`']);

/**
 * Splits a command line into simple commands, each a list of words with quotes removed.
 * Command substitutions (`$(...)`, backticks) become commands of their own, also inside double
 * quotes, because the shell runs them too.
 */
export function splitCommandLine(line: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  let resume: ')' | '`' | null = null;

  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };

  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
      continue;
    }
    if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '`' || (ch === '$' && line[i + 1] === '(')) {
        // The substitution is shell code: read it unquoted, back into the quotes at its end.
        endCommand();
        resume = ch === '`' ? '`' : ')';
        quote = null;
        if (ch === '$') i++;
      } else word += ch;
      continue;
    }
    if (resume !== null && ch === resume) {
      endCommand();
      quote = '"';
      resume = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
    } else if (SEPARATORS.has(ch) || (ch === '$' && line[i + 1] === '(')) {
      endCommand();
    } else {
      word += ch;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}
