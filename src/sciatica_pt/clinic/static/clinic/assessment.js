// The assessment form on a small screen: one section at a time, with Previous and Next.
// Progressive enhancement: without this script (or on a wide screen) every section shows,
// and the form works the same; hidden sections are still submitted.
(function () {
  "use strict";
  var form = document.querySelector("form[data-one-section]");
  if (!form || !window.matchMedia) return;
  var small = window.matchMedia("(max-width: 40rem)");
  var sections = Array.prototype.slice.call(form.querySelectorAll("[data-section]"));
  var current = 0;
  var firstError = sections.findIndex(function (s) { return s.classList.contains("section-to-correct"); });
  if (firstError >= 0) current = firstError;

  function show(index, focus) {
    current = Math.max(0, Math.min(sections.length - 1, index));
    sections.forEach(function (s, i) { s.hidden = small.matches && i !== current; });
    form.classList.toggle("one-at-a-time", small.matches);
    if (focus && small.matches) {
      var heading = sections[current].querySelector("h2");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  sections.forEach(function (section, i) {
    var bar = document.createElement("p");
    bar.className = "section-steps";
    [["Previous section", i - 1], ["Next section", i + 1]].forEach(function (pair) {
      if (pair[1] < 0 || pair[1] >= sections.length) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = pair[0];
      button.addEventListener("click", function () { show(pair[1], true); });
      bar.appendChild(button);
    });
    section.appendChild(bar);
  });
  document.querySelectorAll(".form-steps a, #problems a").forEach(function (link) {
    link.addEventListener("click", function () {
      var target = document.querySelector(link.getAttribute("href"));
      var owner = target && target.closest("[data-section]");
      if (owner) show(sections.indexOf(owner), false);
    });
  });
  small.addEventListener("change", function () { show(current, false); });
  show(current, false);
})();
