/** Labels of the preparation screens' enums, in the current locale. */
import { t } from '../../i18n';
import type { AccessKind, DocumentAccess, RsvpAnswer } from '../../prepare/types';

/** "Người tham dự (trừ khách mời)", "Chỉ những người được chọn", "Mọi người, kể cả khách mời". */
export function accessKindLabel(kind: AccessKind): string {
  return t(`access.${kind}`);
}

/** Who may read a document, in words; named access says how many people. */
export function accessLabel(access: DocumentAccess): string {
  return access.kind === 'named' ? t('access.namedCount', { count: access.userIds.length }) : accessKindLabel(access.kind);
}

/** "Sẽ dự" / "Vắng mặt" / "Chưa trả lời". */
export function rsvpLabel(answer: RsvpAnswer | null): string {
  return answer === null ? t('rsvp.none') : t(`rsvp.${answer}`);
}
