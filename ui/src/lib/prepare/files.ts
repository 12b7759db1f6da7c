/** Files chosen or dropped by the secretary: which are accepted, their titles, and their bytes as base64. */

/** The `accept` of the file inputs: PDF, or what the backend converts to PDF. */
export const ACCEPTED_FILES = '.pdf,.docx,.odt,.jpg,.jpeg,.png';

const EXTENSIONS = ACCEPTED_FILES.split(',');

/** True when the file's name ends with an accepted extension (any case). */
export function isAcceptedFile(name: string): boolean {
  const lower = name.toLowerCase();
  return EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** The last part of a path, with either kind of separator. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** A document title from a file name or path: the name without its extension. */
export function titleFromFileName(name: string): string {
  const base = baseName(name).trim();
  const dot = base.lastIndexOf('.');
  const title = dot > 0 ? base.slice(0, dot) : base;
  return title.trim() || base;
}

/**
 * Reads a file's bytes as base64 with a FileReader, telling `onProgress` the share read so
 * far (0–1) when the reader knows it.
 */
export function readFileBase64(file: Blob, onProgress?: (share: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (event) => {
      if (onProgress && event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => {
      const result = typeof reader.result === 'string' ? reader.result : '';
      const comma = result.indexOf(',');
      resolve(comma >= 0 ? result.slice(comma + 1) : result);
    };
    reader.readAsDataURL(file);
  });
}
