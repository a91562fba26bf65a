"use client";

/** A short beep and a buzz, distinct for admitted and refused: staff look at faces, not screens. */
export function signal(kind: "ok" | "warn" | "bad") {
  try {
    navigator.vibrate?.(kind === "ok" ? 80 : [120, 80, 120]);
    const audio = new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = kind === "ok" ? 880 : kind === "warn" ? 520 : 220;
    gain.gain.value = 0.15;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + (kind === "ok" ? 0.12 : 0.35));
    osc.onended = () => void audio.close();
  } catch {
    // No audio on this device: the colour still says it.
  }
}
