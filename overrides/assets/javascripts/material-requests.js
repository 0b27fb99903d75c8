// What Material asks the server for while a page loads, trimmed for a slow phone.
//
// - Search: Material's bundle requests search/search_index.json (every language's pages) as soon
//   as the page loads. hooks/search_languages.py writes one index per language next to it; this
//   asks for the page's own language's index instead, and only once the reader opens search
//   (focus or click on the search box, or a shortcut, which focuses the box).
// - Language selector: for each <link rel="alternate" hreflang> Material fetches a sitemap.xml
//   next to the linked page, to find the same page in the other language. The build already
//   links the selector to each language's own copy of the page (mkdocs-static-i18n), so those
//   look-ups only cost requests (and 404s): they are not sent. The version selector's own
//   sitemap request, when a reader picks another version, goes out as before.
//
// Material makes both requests with XMLHttpRequest, so this wraps its open() and send(); it must
// run before Material's bundle (overrides/main.html puts it just before).
(() => {
  const INDEX = /\/search\/search_index\.json$/
  const open = XMLHttpRequest.prototype.open
  const send = XMLHttpRequest.prototype.send
  const held = new WeakMap() // request -> what to do with it: "search" or "drop"

  // A reader who came from a search result (?h=…) gets the words highlighted, which needs the
  // index now; the browser usually has it in its cache from the search they just made.
  let searchOpened = new URLSearchParams(location.search).has("h")
  const waiting = []
  function whenSearchOpens(run) {
    if (searchOpened) run()
    else waiting.push(run)
  }
  function searchOpens() {
    if (searchOpened) return
    searchOpened = true
    for (const run of waiting.splice(0)) run()
  }
  document.addEventListener("focusin", event => {
    if (event.target instanceof Element && event.target.matches("[data-md-component=search-query]"))
      searchOpens()
  })
  document.addEventListener("change", event => {
    if (event.target instanceof HTMLInputElement && event.target.id === "__search" && event.target.checked)
      searchOpens()
  })

  function languageLookups() {
    const links = document.querySelectorAll("link[rel=alternate][hreflang]")
    return new Set([...links].map(link => new URL("sitemap.xml", link.href).href))
  }

  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    const target = new URL(url, location.href)
    if (INDEX.test(target.pathname)) {
      const language = document.documentElement.lang || "en"
      url = new URL(`search_index.${language}.json`, target).href
      held.set(this, "search")
    } else if (target.pathname.endsWith("/sitemap.xml") && languageLookups().has(target.href)) {
      held.set(this, "drop")
    }
    return open.call(this, method, url, ...rest)
  }

  XMLHttpRequest.prototype.send = function (...body) {
    const hold = held.get(this)
    if (hold === "drop") return
    if (hold === "search") return whenSearchOpens(() => send.apply(this, body))
    return send.apply(this, body)
  }
})()
