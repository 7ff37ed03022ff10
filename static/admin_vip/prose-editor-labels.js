/* django-prose-editor writes its toolbar labels in English, without gettext: this gives
   every button and block-type menu entry the label the admin's catalogue has for it
   (the strings are listed in programmes/editorial/third_party_strings.py). Labels the catalogue
   does not know stay as they are. */
(function () {
  "use strict";

  // The global gettext: jquery.init.js replaces window.django, and django.gettext with it.
  function translate(text) {
    return typeof window.gettext === "function" ? window.gettext(text) : text;
  }

  function relabel(menubar) {
    menubar.querySelectorAll("[title], [aria-label]").forEach(function (element) {
      ["title", "aria-label"].forEach(function (name) {
        const text = element.getAttribute(name);
        const label = text && translate(text);
        if (label && label !== text) {
          element.setAttribute(name, label);
        }
      });
    });
    menubar.querySelectorAll(".prose-menubar__option > *").forEach(function (element) {
      const label = translate(element.textContent);
      if (label !== element.textContent) {
        element.textContent = label;
      }
    });
  }

  function watch(menubar) {
    if (menubar.dataset.vipRelabelled) {
      return;
    }
    menubar.dataset.vipRelabelled = "1";
    relabel(menubar);
    // The block-type menu shows a copy of the active entry's button, made anew as the
    // cursor moves: each copy is relabelled as it arrives.
    new MutationObserver(function () {
      relabel(menubar);
    }).observe(menubar, { childList: true, subtree: true });
  }

  function watchAll(root) {
    root.querySelectorAll(".prose-menubar").forEach(watch);
  }

  // An editor announces itself before its menu bar is in place: wait for the bar.
  document.addEventListener("prose-editor:ready", function (event) {
    const wrapper = event.target.closest(".prose-editor") || document;
    watchAll(wrapper);
    const arrival = new MutationObserver(function () {
      if (wrapper.querySelector(".prose-menubar")) {
        arrival.disconnect();
        watchAll(wrapper);
      }
    });
    arrival.observe(wrapper, { childList: true });
  });
  watchAll(document);
})();
