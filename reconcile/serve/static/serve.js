// A decision needs its reason: ask for it where the reviewer forgot, before the page posts.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const reason = form.querySelector('input[name="reason"]');
  if (reason && !reason.value.trim()) {
    const given = window.prompt("Why? (kept with the decision)");
    if (!given || !given.trim()) { event.preventDefault(); return; }
    reason.value = given.trim();
  }
});
