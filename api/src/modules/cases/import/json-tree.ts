import { Tokenizer, TokenParser, TokenType, type ParsedTokenInfo } from '@streamparser/json';
import { MalformedFileError } from '../../imports/importer';

/** A JSON primitive with the line it starts on. */
export type JsonPrimitiveNode = {
  type: 'primitive';
  line: number;
  value: string | number | boolean | null;
};

/** A JSON object that keeps every member in file order, repeated keys included. */
export type JsonObjectNode = { type: 'object'; line: number; members: [string, JsonNode][] };

/** A JSON array with the line it starts on. */
export type JsonArrayNode = { type: 'array'; line: number; items: JsonNode[] };

export type JsonNode = JsonPrimitiveNode | JsonObjectNode | JsonArrayNode;

type Frame = { node: JsonObjectNode | JsonArrayNode; key?: string; expectingKey: boolean };

/** Maps byte offsets to 1-based line numbers. */
function lineIndex(content: Buffer): (offset: number) => number {
  const newlines: number[] = [];
  for (let index = content.indexOf(10); index !== -1; index = content.indexOf(10, index + 1)) {
    newlines.push(index);
  }

  return (offset) => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((newlines[middle] as number) < offset) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }

    return low + 1;
  };
}

/** Builds the tree from tokens that the library's TokenParser has already checked. */
class TreeBuilder {
  root?: JsonNode;
  private readonly stack: Frame[] = [];

  accept(token: ParsedTokenInfo, line: number): void {
    const frame = this.stack.at(-1);
    switch (token.token) {
      case TokenType.LEFT_BRACE:
        this.open({ type: 'object', line, members: [] }, true);
        break;
      case TokenType.LEFT_BRACKET:
        this.open({ type: 'array', line, items: [] }, false);
        break;
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET:
        this.stack.pop();
        break;
      case TokenType.COMMA:
        if (frame) {
          frame.expectingKey = frame.node.type === 'object';
        }
        break;
      case TokenType.COLON:
      case TokenType.SEPARATOR:
        break;
      default:
        if (frame?.expectingKey) {
          frame.key = String(token.value);
          frame.expectingKey = false;
        } else {
          this.attach({
            type: 'primitive',
            line,
            value: token.value as JsonPrimitiveNode['value'],
          });
        }
    }
  }

  private open(node: JsonObjectNode | JsonArrayNode, expectingKey: boolean): void {
    this.attach(node);
    this.stack.push({ node, expectingKey });
  }

  private attach(node: JsonNode): void {
    const parent = this.stack.at(-1);
    if (!parent) {
      this.root = node;
    } else if (parent.node.type === 'array') {
      parent.node.items.push(node);
    } else {
      parent.node.members.push([parent.key ?? '', node]);
    }
  }
}

/**
 * Parses a JSON document into a tree that keeps repeated object keys, which `JSON.parse`
 * collapses to the last value. Throws `MalformedFileError` with the line of the first syntax
 * error, or for an empty or truncated document.
 */
export function parseJsonTree(content: Buffer, file: string): JsonNode {
  const lineAt = lineIndex(content);
  const tokenizer = new Tokenizer();
  const validator = new TokenParser();
  const builder = new TreeBuilder();
  let lastOffset = 0;
  validator.onValue = () => undefined;
  tokenizer.onToken = (token) => {
    lastOffset = token.offset;
    validator.write(token);
    builder.accept(token, lineAt(token.offset));
  };

  try {
    tokenizer.write(content);
    tokenizer.end();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /absolute position "(\d+)"/.exec(message)?.[1];
    const line = lineAt(position === undefined ? lastOffset : Number(position));
    throw new MalformedFileError(file, line, undefined, `invalid JSON: ${message}`);
  }
  if (!validator.isEnded || !builder.root) {
    throw new MalformedFileError(
      file,
      lineAt(content.length),
      undefined,
      'JSON document is empty or truncated',
    );
  }

  return builder.root;
}

/** Names a node's JSON type for error messages. */
export function describeJsonNode(node: JsonNode): string {
  if (node.type !== 'primitive') {
    return `an ${node.type}`;
  }
  if (node.value === null) {
    return 'null';
  }

  return `a ${typeof node.value}`;
}

/**
 * Returns a primitive member as text (numbers in their JSON spelling), or undefined for JSON
 * null and empty strings. Throws `MalformedFileError` for an object or array, which no
 * service-request field may hold.
 */
export function memberText(node: JsonNode, path: string, file: string): string | undefined {
  if (node.type !== 'primitive') {
    throw new MalformedFileError(
      file,
      node.line,
      path,
      `expected a string or number, found ${describeJsonNode(node)}`,
    );
  }
  if (node.value === null) {
    return undefined;
  }
  const text = String(node.value).trim();

  return text === '' ? undefined : text;
}

/** Returns the elements of an array of objects, or throws naming the first non-object. */
export function objectItems(array: JsonArrayNode, path: string, file: string): JsonObjectNode[] {
  return array.items.map((item, index) => {
    if (item.type !== 'object') {
      throw new MalformedFileError(
        file,
        item.line,
        `${path}[${index}]`,
        `expected a service request object, found ${describeJsonNode(item)}`,
      );
    }

    return item;
  });
}
