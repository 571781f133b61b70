import type { ServerResponse } from 'node:http';
import { create } from 'xmlbuilder2';

/** Response formats, chosen by the extension of the path. */
export type Open311Format = 'xml' | 'json';

/** A value that renders to both XML and JSON. */
export type Open311Value =
  string | number | boolean | null | Open311Value[] | { [key: string]: Open311Value };

/**
 * Element name of the items of each repeated collection in XML. JSON follows the Spark
 * convention: the item element disappears and the collection becomes an array.
 */
const ITEM_ELEMENTS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

function itemName(collection: string): string {
  const name = ITEM_ELEMENTS[collection];
  if (!name) {
    throw new Error(`No XML item element is defined for the collection ${collection}.`);
  }

  return name;
}

type XmlNode = ReturnType<typeof create>;

function appendValue(parent: XmlNode, name: string, value: Open311Value): void {
  const element = parent.ele(name);
  if (value === null) {
    return;
  }
  if (Array.isArray(value)) {
    const child = itemName(name);
    for (const item of value) {
      appendValue(element, child, item);
    }

    return;
  }
  if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      appendValue(element, key, inner);
    }

    return;
  }
  element.txt(String(value));
}

/** Renders a document whose root is `root` (a collection or a single object) as XML. */
export function renderXml(root: string, body: Open311Value): string {
  const document = create({ version: '1.0', encoding: 'UTF-8' });
  appendValue(document, root, body);

  return document.end({ prettyPrint: false });
}

/** Writes an Open311 document in the requested format with its content type. */
export function sendOpen311(
  response: ServerResponse,
  status: number,
  format: Open311Format,
  root: string,
  body: Open311Value,
  headers: Record<string, string> = {},
): void {
  const xml = format === 'xml';
  response.writeHead(status, {
    ...headers,
    'content-type': xml ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8',
  });
  response.end(xml ? renderXml(root, body) : JSON.stringify(body));
}

/** One entry of the Open311 error list. */
export type Open311ErrorEntry = { code: number; description: string };

/** A request that fails with an Open311 status and error list. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly errors: Open311ErrorEntry[],
  ) {
    super(errors.map((error) => error.description).join(' '));
  }

  /** Builds an error with one entry whose code is the HTTP status. */
  static of(status: number, description: string): Open311Error {
    return new Open311Error(status, [{ code: status, description }]);
  }
}

/** Writes an Open311 error list. */
export function sendOpen311Error(
  response: ServerResponse,
  format: Open311Format,
  error: Open311Error,
): void {
  sendOpen311(response, error.status, format, 'errors', error.errors);
}
