/** Display labels for wire enums, in the current locale. */
import type { DocumentKind, MeetingKind, Role } from '../types';
import { t } from './locale.svelte';

/** "Thư ký", "Chủ tọa", … */
export function roleLabel(role: Role): string {
  return t(`role.${role}`);
}

/** "Kỳ họp", "Phiên họp", "Hội nghị". */
export function meetingKindLabel(kind: MeetingKind): string {
  return t(`meetingKind.${kind}`);
}

/** "Tờ trình", "Dự thảo nghị quyết", … */
export function documentKindLabel(kind: DocumentKind): string {
  return t(`documentKind.${kind}`);
}
