// DOM building without HTML strings: every piece of data becomes a text node, so article text,
// titles and names can never turn into markup (the server's CSP forbids inline code anyway).

/** Create an element. `attrs`: className, dataset {k: v}, testid, text, or plain attributes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'className') node.className = value;
    else if (key === 'testid') node.dataset.testid = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'href') setSafeHref(node, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** Append children: nodes as they are, strings and numbers as text, arrays flattened, nulls skipped. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** Replace a node's children in one go. */
export function fill(node, ...children) {
  clear(node);
  return append(node, children);
}

// Document URLs come from ingested records: a `javascript:` URL in an href would run on click.
export function safeUrl(value) {
  try {
    const url = new URL(String(value), window.location.origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

// The attribute keeps the value as given ("/events/x", "#passage-2"): the browser resolves it with
// the same URL parser that safeUrl checked it with.
function setSafeHref(node, value) {
  if (safeUrl(value)) node.setAttribute('href', String(value));
}
