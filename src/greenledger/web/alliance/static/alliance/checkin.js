// Check-in page: where the browser has the BarcodeDetector API, a camera button reads a QR code
// into the code field and submits the form. Without it the field is typed (or filled by a
// hand-held scanner acting as a keyboard). Our own script: no third-party code.
(function () {
  "use strict";
  var script = document.currentScript;
  var button = document.getElementById("scan-button");
  var video = document.getElementById("scan-video");
  var status = document.getElementById("scan-status");
  var field = document.getElementById("id_code");
  if (!button || !video || !field || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  button.hidden = false;
  var stream = null;

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    video.hidden = true;
  }

  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      status.textContent = script.dataset.scanning;
      return video.play().then(function () {
        function look() {
          if (!stream) {
            return;
          }
          detector.detect(video).then(function (codes) {
            if (codes.length && codes[0].rawValue) {
              field.value = codes[0].rawValue;
              stop();
              field.form.submit();
            } else {
              window.requestAnimationFrame(look);
            }
          }, function () { window.requestAnimationFrame(look); });
        }
        look();
      });
    }).catch(function () {
      stop();
      status.textContent = script.dataset.failed;
    });
  });
})();
