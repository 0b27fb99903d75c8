// Registers docs/service-worker.js, which keeps the pages a reader opened readable offline, and
// asks it to keep the other steps of the guide this page belongs to. The worker sits at the
// site's root, two folders above this file, so under mike its scope is the version's root.
(() => {
  if (!("serviceWorker" in navigator)) return;
  const root = new URL("../../", document.currentScript.src);
  const here = new URL(window.location.href);
  here.hash = "";
  const steps = [...document.querySelectorAll("nav.bz-path a[href]")].map((link) => link.href);
  // The guide's overview sits one folder above each of its steps.
  const journey = [...steps, ...steps.slice(0, 1).map((step) => new URL("../", step).href)];
  // On a first visit (no worker controls the page yet) only this page and the next step are kept,
  // so a first visit stays light on a phone; from the next page on, the rest of the guide.
  const next = steps[steps.indexOf(here.href) + 1];
  const firstVisit = !navigator.serviceWorker.controller;
  const pages = firstVisit ? [here.href, ...(next ? [next] : [])] : [here.href, ...journey];
  // After the page has loaded, so that keeping pages never competes with reading this one.
  window.addEventListener("load", async () => {
    try {
      await navigator.serviceWorker.register(new URL("service-worker.js", root), { scope: root.pathname });
      const registration = await navigator.serviceWorker.ready;
      registration.active?.postMessage({ type: "keep", pages });
    } catch {
      // No worker (a private window, storage full): the site works as before, online only.
    }
  });
})();
