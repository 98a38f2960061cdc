// The QR code of an otpauth:// URI, as a PNG: how people enrol a virtual MFA device (they scan it
// with an authenticator app). Drawn by the `qrcode` library; the input is our own URI, so its
// size is bounded (a seed, an issuer and a label of at most a few hundred characters).
import QRCode from 'qrcode';

/** A PNG (base64) of a QR code of `text`: medium error correction, 4 pixels a module, quiet zone of 4. */
export async function qrCodePngBase64(text: string): Promise<string> {
  const png = await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', scale: 4, margin: 4 });
  return png.toString('base64');
}
