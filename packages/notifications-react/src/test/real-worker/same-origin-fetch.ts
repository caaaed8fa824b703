/**
 * jsdom has no `fetch`, so the hooks get Node's, which has no cookie jar: a `credentials:
 * "same-origin"` request to the page's own origin goes out without the session cookie a browser
 * would send. This adds what a browser adds to such a request (the page's cookies and its Origin)
 * and nothing else; other origins go out as they are.
 */
export function sameOriginFetch(nodeFetch: typeof fetch): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString(), window.location.href);
    if (url.origin !== window.location.origin) return nodeFetch(input, init);
    const headers = new Headers(init?.headers);
    if (document.cookie) headers.set("Cookie", document.cookie);
    headers.set("Origin", window.location.origin);
    return nodeFetch(input, { ...init, headers });
  };
}
