// The playground's script: send what the person types or clicks, apply
// Onboard's answer, and redraw what changed when the server says so.
// Plain JavaScript, no build step, nothing fetched from elsewhere.
'use strict';
(() => {
  const $ = (sel, root = document) => root.querySelector(sel);
  const {as, space, lang} = document.body.dataset;
  const words = $('#words').dataset;
  const input = $('#text'), mentions = $('#mentions'), dialog = $('#dialog');

  const timeZone = () => ({id: Intl.DateTimeFormat().resolvedOptions().timeZone,
    offset: -new Date().getTimezoneOffset() * 60000});

  async function post(path, data) {
    try {
      const res = await fetch('/playground/api/' + path, {method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({as, space, lang, tz: timeZone(), ...data})});
      return await res.json();
    } catch (e) {
      return {kind: 'error', message: String(e)};
    }
  }

  // The timeline, members and calls, redrawn from the server's state. An
  // entry is replaced only when its revision changed, so what was typed
  // into a card's inputs survives other messages arriving.
  let busy = false, again = false;
  async function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const res = await fetch('/playground/api/state?' + new URLSearchParams({as, space, lang}));
      if (res.ok) draw(await res.json());
    } finally {
      busy = false;
      if (again) { again = false; refresh(); }
    }
  }

  function draw(state) {
    const list = $('#timeline'), scroller = $('#scroller');
    const atEnd = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 40;
    const ids = new Set(state.entries.map(e => e.id));
    for (const el of [...list.children]) if (!ids.has(el.id)) el.remove();
    let prev = null;
    for (const e of state.entries) {
      let el = document.getElementById(e.id);
      if (!el || el.dataset.rev !== String(e.rev)) {
        const t = document.createElement('template');
        t.innerHTML = e.html.trim();
        const fresh = t.content.firstElementChild;
        if (el) el.replaceWith(fresh);
        el = fresh;
      }
      const want = prev ? prev.nextElementSibling : list.firstElementChild;
      if (want !== el) list.insertBefore(el, want);
      prev = el;
    }
    $('#empty').hidden = state.entries.length > 0;
    if (atEnd) scroller.scrollTop = scroller.scrollHeight;
    $('#members').innerHTML = state.members;
    $('#calls').innerHTML = state.calls;
  }

  // What Onboard's answer asks the page to do (the timeline follows).
  function apply(out) {
    switch (out.kind) {
      case 'dialog':
        $('#dialog-body').innerHTML = out.dialog.html;
        $('#dialog-error').hidden = true;
        if (!dialog.open) dialog.showModal();
        break;
      case 'invalid':
        $('#dialog-error').textContent = out.message || words.failed;
        $('#dialog-error').hidden = false;
        break;
      case 'closed':
        if (dialog.open) dialog.close();
        if (out.message) toast(out.message);
        break;
      case 'error':
        toast(out.message, true);
        break;
    }
  }

  let toastTimer;
  function toast(text, bad) {
    const t = $('#toast');
    t.textContent = text;
    t.classList.toggle('bad', !!bad);
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, 5000);
  }

  // A card's inputs as common.formInputs carries them: name → values.
  function formOf(root) {
    const form = {};
    if (!root) return form;
    for (const el of root.querySelectorAll('input[name], select[name], textarea[name]')) {
      const values = form[el.name] || (form[el.name] = []);
      if (el.type === 'checkbox' || el.type === 'radio') {
        if (el.checked) values.push(el.value);
      } else if (el.multiple) {
        for (const o of el.selectedOptions) values.push(o.value);
      } else {
        values.push(el.value);
      }
    }
    return form;
  }

  document.addEventListener('click', async ev => {
    const button = ev.target.closest('button[data-card-action]');
    if (!button || button.disabled) return;
    const action = JSON.parse(button.dataset.cardAction);
    const inDialog = button.closest('[data-dialog]'), msg = button.closest('article.msg');
    button.disabled = true;
    const out = await post('click', {
      entry: msg ? msg.id : '', dialog: inDialog ? inDialog.dataset.dialog : '',
      function: action.function || '', parameters: action.parameters || [],
      interaction: action.interaction || '', form: formOf(inDialog || msg)});
    button.disabled = false;
    apply(out);
    refresh();
  });

  $('#composer').addEventListener('submit', async ev => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    const send = $('#send'), error = $('#composer-error');
    send.disabled = true;
    send.textContent = words.sending;
    const out = await post('send', {text});
    send.disabled = false;
    send.textContent = send.dataset.label;
    error.hidden = out.kind !== 'error';
    if (out.kind === 'error') {
      error.textContent = out.message;
    } else {
      input.value = '';
      apply(out);
    }
    refresh();
  });

  // @mentions: typing @ offers the world's people; picking one writes
  // their display name, which the server turns into a USER_MENTION.
  function mentionQuery() {
    const m = /(?:^|\s)@([^@\s]*)$/.exec(input.value.slice(0, input.selectionStart));
    return m ? m[1].toLowerCase() : null;
  }
  function offer() {
    const q = mentionQuery();
    let any = false;
    for (const c of mentions.children) {
      c.hidden = q === null || !(c.dataset.name.toLowerCase().includes(q) || c.dataset.email.startsWith(q));
      any = any || !c.hidden;
    }
    mentions.hidden = !any;
  }
  function pick(choice) {
    const at = input.selectionStart;
    const before = input.value.slice(0, at).replace(/@([^@\s]*)$/, '@' + choice.dataset.name + ' ');
    input.value = before + input.value.slice(at);
    input.focus();
    input.setSelectionRange(before.length, before.length);
    mentions.hidden = true;
  }
  input.addEventListener('input', offer);
  input.addEventListener('keydown', ev => {
    if (mentions.hidden) return;
    if (ev.key === 'Escape') mentions.hidden = true;
    if (ev.key === 'Enter' || ev.key === 'Tab') {
      const first = [...mentions.children].find(c => !c.hidden);
      if (first) { ev.preventDefault(); pick(first); }
    }
  });
  mentions.addEventListener('click', ev => {
    const c = ev.target.closest('.mention-choice');
    if (c) pick(c);
  });

  $('#dialog-close').addEventListener('click', () => dialog.close());
  $('#as').addEventListener('change', ev => ev.target.form.submit());
  $('#send').dataset.label = $('#send').textContent;

  new EventSource('/playground/api/stream').onmessage = () => refresh();
  refresh();
})();
