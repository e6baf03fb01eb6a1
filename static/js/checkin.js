// Check-in at the door: scan a ticket's QR code with the phone's camera and submit it.
// Uses the browser's BarcodeDetector when it exists, the vendored jsQR otherwise. Without a
// camera (or without JavaScript) staff type the code or search by name: the forms work alone.
(function () {
  "use strict";
  const form = document.querySelector("[data-checkin-scan]");
  if (!form || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  const box = form.querySelector(".scan-box");
  const video = box.querySelector("video");
  const input = form.querySelector("input[name=token]");
  const status = form.querySelector(".scan-status");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-block scan-toggle";
  button.textContent = form.dataset.labelStart;
  form.insertBefore(button, box);

  let stream = null;
  let last = "";
  let lastAt = 0;
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  let detector = null;
  try {
    if ("BarcodeDetector" in window) detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  } catch (error) {
    detector = null; // declared but without QR support on this platform: jsQR reads the frames
  }

  async function decode() {
    if (detector) {
      const codes = await detector.detect(video);
      return codes.length ? codes[0].rawValue : null;
    }
    if (!window.jsQR || !video.videoWidth) return null;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    return code ? code.data : null;
  }

  async function loop() {
    if (!stream) return;
    try {
      const value = await decode();
      const now = Date.now();
      // The same ticket stays in front of the camera for a moment: submit it once.
      if (value && (value !== last || now - lastAt > 4000)) {
        last = value;
        lastAt = now;
        input.value = value;
        form.requestSubmit();
        if (navigator.vibrate) navigator.vibrate(80);
      }
    } catch (error) {
      // A frame that cannot be read yet; try the next one.
    }
    window.setTimeout(loop, 250);
  }

  function stop() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    box.hidden = true;
    button.textContent = form.dataset.labelStart;
  }

  button.addEventListener("click", async () => {
    if (stream) return stop();
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (error) {
      status.textContent = form.dataset.labelNocamera;
      return;
    }
    video.srcObject = stream;
    box.hidden = false;
    await video.play();
    button.textContent = form.dataset.labelStop;
    loop();
  });

  // After each check-in the token field is emptied for the next ticket.
  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt === form) input.value = "";
  });
})();
