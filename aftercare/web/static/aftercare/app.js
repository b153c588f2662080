/* Aftercare: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // "Resend in 60 s": a button with data-countdown="N" stays disabled for N seconds, showing the time left.
  // Its label template comes from data-countdown-label, with {s} replaced by the seconds.
  function startCountdown(button) {
    var left = parseInt(button.getAttribute("data-countdown"), 10);
    var label = button.getAttribute("data-countdown-label") || "{s}";
    var ready = button.textContent;
    if (!(left > 0)) return;
    button.disabled = true;
    function tick() {
      if (left <= 0) {
        button.disabled = false;
        button.textContent = ready;
        return;
      }
      button.textContent = label.replace("{s}", String(left));
      left -= 1;
      window.setTimeout(tick, 1000);
    }
    tick();
  }

  // A form that should not be sent twice (slow mobile networks): disable its submit button once sent.
  function guardDoubleSubmit(form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]:not([name])");
      if (button) window.setTimeout(function () { button.disabled = true; }, 0);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-countdown]"), startCountdown);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-once]"), guardDoubleSubmit);
    var focus = document.querySelector("[data-autofocus-error] .has-error input, [data-autofocus-error] .has-error select");
    if (focus) focus.focus();
  });
})();
