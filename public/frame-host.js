/* News reader, iframe option: sizes every <iframe data-news-frame> to the content height its
   page reports ({ type: "news-reader:height", height }). Plain script; include it once. */
(function () {
  "use strict";
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "news-reader:height") return;
    var height = Math.ceil(Number(data.height));
    if (!(height > 0 && height < 100000)) return;
    var frames = document.querySelectorAll("iframe[data-news-frame]");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (!event.source || frame.contentWindow !== event.source) continue;
      try { if (new URL(frame.src, document.baseURI).origin !== event.origin) return; } catch (e) { return; }
      frame.style.height = height + "px";
      return;
    }
  });
})();
