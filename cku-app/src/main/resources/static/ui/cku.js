// Code Kit Ultra's control plane: the little the pages need beyond htmx. Every page works without it.
(function () {
  'use strict';

  // The largest plan file read into the New run form: the API refuses larger bodies anyway.
  var MAX_PLAN_BYTES = 1024 * 1024;

  // New run: a plan file chosen here is read into the plan text box, to be checked by a dry run before it is submitted.
  function planUpload() {
    var upload = document.getElementById('plan-upload');
    var input = document.getElementById('plan-file');
    var plan = document.getElementById('plan');
    var note = document.getElementById('plan-file-note');
    if (!upload || !input || !plan || !window.FileReader) {
      return;
    }
    upload.hidden = false;
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (!file) {
        return;
      }
      if (file.size > MAX_PLAN_BYTES) {
        note.textContent = file.name + ' is ' + file.size + ' bytes: a plan file must be at most ' + MAX_PLAN_BYTES + ' bytes.';
        input.value = '';
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        plan.value = String(reader.result);
        note.textContent = 'Loaded ' + file.name + ' (' + file.size + ' bytes). Run a dry run to see what the gates decide.';
      };
      reader.onerror = function () {
        note.textContent = 'Could not read ' + file.name + ': choose it again, or paste the plan.';
      };
      reader.readAsText(file);
    });
  }

  document.addEventListener('DOMContentLoaded', planUpload);
})();
