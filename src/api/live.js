// Live comments (docs/api.md, "Live comments"): one article's stream of newly published comments,
// kept open while the page is visible. Written in JS on purpose: the connection's bookkeeping
// (EventSource, visibility, retries) cost the wasm four times the bytes it costs here. What
// arrives is handed to Rust, decoded there with the contract's rules.

/**
 * Opens `url`'s event stream once the page has been painted, and hands each `comment` event
 * (its `data` the comment as JSON) to `onComment`. While the page is hidden the stream is closed; shown again, it reopens
 * after the last event seen (`?last_event_id=`: a new EventSource cannot send the Last-Event-ID
 * header). A stream that had opened and is lost is retried after 1 s, 2 s, 4 s … (at most
 * 60 s), resuming the same way. One that never opened (a backend without the endpoint answers
 * 404) is given up quietly. Returns the function that closes it for good.
 */
export function watchComments(url, onComment) {
  let source = null;
  let timer = 0;
  let last = null; // the id of the last event seen
  let opened = false;
  let wait = 1000; // ms before the next try
  const seen = (event) => {
    last = event.lastEventId || last;
  };
  const pause = () => {
    source?.close();
    source = null;
    clearTimeout(timer);
    timer = 0;
  };
  const connect = () => {
    timer = 0;
    try {
      source = new EventSource(
        last === null ? url : `${url}${url.includes("?") ? "&" : "?"}last_event_id=${encodeURIComponent(last)}`,
      );
    } catch {
      return stop(); // an address the browser cannot use: no stream to be had
    }
    source.onopen = () => {
      opened = true;
      wait = 1000;
    };
    source.addEventListener("ready", seen);
    source.addEventListener("comment", (event) => {
      seen(event);
      onComment(event);
    });
    // The browser would reconnect by itself at a fixed pace, forever: closed, and retried here.
    source.onerror = () => {
      if (!opened) return stop();
      pause();
      timer = setTimeout(connect, wait);
      wait = Math.min(wait * 2, 60000);
    };
  };
  const onVisibility = () => (document.hidden ? pause() : source || timer || connect());
  const stop = () => {
    pause();
    document.removeEventListener("visibilitychange", onVisibility);
  };
  document.addEventListener("visibilitychange", onVisibility);
  // After the next paint: whatever the page is showing now comes first.
  requestAnimationFrame(() => {
    timer = setTimeout(() => document.hidden || connect());
  });
  return stop;
}
