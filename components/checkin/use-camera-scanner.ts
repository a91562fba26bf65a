"use client";

import { useTranslations } from "next-intl";
import jsQR from "jsqr";
import { useEffect, useRef, useState } from "react";

const FRAME_EVERY_MS = 200;

/**
 * Continuous QR scanning from the back camera: frames are drawn to a canvas a few times a second and
 * decoded with jsQR (pure JavaScript: works offline, no download). Calls onCode for each new code.
 */
export function useCameraScanner(enabled: boolean, onCode: (code: string) => void) {
  const t = useTranslations("scanner.errors");
  const videoRef = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const onCodeRef = useRef(onCode);
  useEffect(() => {
    onCodeRef.current = onCode;
  }, [onCode]);

  useEffect(() => {
    if (!enabled) return;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    const canvas = document.createElement("canvas");
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment", width: { ideal: 1280 } },
          audio: false,
        });
        if (stopped) return stream.getTracks().forEach((t) => t.stop());
        const video = videoRef.current!;
        video.srcObject = stream;
        await video.play();
        setError(null);
        timer = setInterval(() => {
          if (!ctx || video.readyState < 2) return;
          // Decode a centred square at a modest size: fast on low-end phones, enough for a ticket QR.
          const side = Math.min(video.videoWidth, video.videoHeight);
          const size = Math.min(side, 640);
          canvas.width = size;
          canvas.height = size;
          ctx.drawImage(
            video,
            (video.videoWidth - side) / 2,
            (video.videoHeight - side) / 2,
            side,
            side,
            0,
            0,
            size,
            size,
          );
          const found = jsQR(ctx.getImageData(0, 0, size, size).data, size, size, { inversionAttempts: "dontInvert" });
          if (found?.data) onCodeRef.current(found.data);
        }, FRAME_EVERY_MS);
      } catch (err) {
        setError((err as Error).name === "NotAllowedError" ? t("cameraRefused") : t("noCamera"));
      }
    })();
    return () => {
      stopped = true;
      clearInterval(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [enabled, t]);

  return { videoRef, error };
}
