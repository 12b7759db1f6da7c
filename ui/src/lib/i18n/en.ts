/** English texts. Same keys as `vi.ts` (checked by a test). */
import type { MessageKey } from './vi';

/** English dictionary. */
export const en: Record<MessageKey, string> = {
  'app.name': 'Phòng Họp',
  'a11y.skipToContent': 'Skip to main content',

  'lang.toggle': 'Tiếng Việt',
  'lang.toggleHint': 'Switch the interface to Vietnamese',

  'header.signedIn': 'Signed in',
  'header.organisation': 'Organisation',

  'sync.button': 'Sync',
  'sync.buttonBusy': 'Syncing…',
  'sync.inProgress': 'Syncing with the server…',
  'sync.done': 'Last synced at {time}.',
  'sync.fetched.one': 'Downloaded {count} new document.',
  'sync.fetched.other': 'Downloaded {count} new documents.',
  'sync.progress': 'Downloading documents: {percent}% ({done} of {total}).',
  'sync.progressLabel': 'Document download progress',

  'offline.hint': 'When the network is back the app updates by itself; you can also press “Sync”.',

  'loading': 'Loading, please wait…',

  'meetings.heading': 'Meetings',
  'meetings.empty': 'No meetings yet',
  'meetings.emptyHint':
    'When you are invited to a meeting, it will appear here. Press “Sync” to check with the server again.',

  'unlock.title': 'Unlock this computer',
  'unlock.body': 'This computer’s key is protected by a passphrase. Enter it to see the meeting documents.',
  'unlock.label': 'Passphrase',
  'unlock.show': 'Show passphrase',
  'unlock.submit': 'Unlock',
  'unlock.busy': 'Unlocking…',
  'noProfile.title': 'This computer is not enrolled yet',
  'noProfile.body':
    "To receive meeting documents, this computer must be enrolled with your organisation's server by an administrator.",
  'noProfile.action': "Please contact your organisation's system administrator for an enrolment code.",

  'meeting.when': 'Time',
  'meeting.place': 'Place',
  'meeting.agenda': 'Agenda',
  'meeting.ready': 'Every document is on this computer, readable offline',
  'meeting.notReady': 'Some documents are not on this computer yet',
  'meeting.noAgenda': 'The agenda has not been published yet.',
  'meeting.items.one': '{count} item',
  'meeting.items.other': '{count} items',
  'meeting.documents.one': '{count} document',
  'meeting.documents.other': '{count} documents',

  'agenda.presenter': 'Presented by: {name}',
  'agenda.documents': 'Documents for item {number}',
  'agenda.noDocuments': 'No documents attached.',

  'document.available': 'On this computer',
  'document.notAvailable': 'Not yet downloaded',

  'error.title': 'Something went wrong',
  'error.code': 'Error code: {code}',
  'error.dismiss': 'Close this message',
  'error.generic':
    'An unexpected error occurred. Please try again; if it happens again, tell your administrator (error code {code}).',
  'errorCode.internal':
    'The application hit an internal error. Please try again; if it happens again, tell your administrator.',
  'errorCode.profile.missing': 'This computer is not enrolled, so it cannot sync yet.',
  'errorCode.profile.locked': 'This computer’s key is protected by a passphrase. Enter it to unlock.',
  'errorCode.crypto.wrong_passphrase': 'The passphrase is not right. Check the keyboard layout and Caps Lock, then try again.',
  'errorCode.store.open_failed':
    'Could not open the data saved on this computer. Please close and reopen the application.',
  'errorCode.store.corrupt':
    'The data saved on this computer is damaged. Please tell your administrator; documents can be downloaded again from the server.',
  'errorCode.sync.unreachable': 'Cannot reach the server. Showing the data saved on this computer.',
  'errorCode.sync.unauthorized':
    'The server did not accept this computer. Its access may have been withdrawn; please contact your administrator.',
  'errorCode.sync.server_error': 'The server is having a problem. Please try again in a few minutes.',
  'errorCode.sync.bad_response':
    'The server sent data that could not be read. Please try again later; if it happens again, tell your administrator.',
  'errorCode.crypto.decrypt_failed':
    'An encrypted document could not be opened. This computer may not have been given access to it.',
  'errorCode.crypto.bad_key': 'The security key on this computer is not valid. Please contact your administrator.',
  'errorCode.profile.damaged':
    'The enrollment profile on this computer is damaged. Please contact your administrator to enroll again.',
  'errorCode.store.disk_full':
    'The disk of this computer is full. Please free some space and try again; nothing has been lost.',
  'errorCode.sync.forbidden':
    'Your account is not allowed to do this.',
  'errorCode.sync.integrity':
    'Downloaded data was corrupted and has been discarded. It will be fetched again at the next sync.',
  'errorCode.crypto.bad_signature':
    'A digital signature is not valid: the data did not come from its stated sender. It has been refused; please tell your administrator.',
  'errorCode.crypto.chunk_mismatch':
    'Part of a document stored on this computer is damaged. Press “Sync” to download it again.',
  'errorCode.crypto.chunk_missing':
    'This document has not been fully downloaded. Press “Sync” to continue.',

  'errorCode.pdf.malformed': 'This document is damaged and cannot be opened. Please tell the meeting secretary.',
  'errorCode.pdf.password_protected':
    'This document has a password, so Phòng Họp cannot open it. Please tell the meeting secretary.',
  'errorCode.pdf.page_too_large': 'This page is too large to show at this zoom. Please zoom out.',
  'errorCode.pdf.no_such_page': 'The document has no such page.',
  'errorCode.pdf.library_missing':
    'This computer lacks the document display component (pdfium). Please tell the administrator.',
  'errorCode.document.not_downloaded':
    'This document is not on this computer yet. Press “Sync” when the network is available.',
  'errorCode.document.not_found': 'This document is not part of the meeting.',
  'errorCode.pdf.render_failed': 'This page could not be drawn. Try again or tell the meeting secretary.',
  'errorCode.pdf.worker_stopped': 'The document display stopped. Please close and reopen Phòng Họp.',
  'errorCode.pdf.invalid_request': 'The zoom is not valid. Please choose another.',
  'errorCode.page.bad_request': 'The page address is not valid.',
  'errorCode.meeting.not_found': 'This meeting is not on this computer.',

  'document.open': 'Open the document {title}',

  'viewer.close': 'Close document',
  'viewer.closeHint': 'Back to the meetings (Esc key)',
  'viewer.opening': 'Opening the document, please wait…',
  'viewer.toolbar': 'Document tools',
  'viewer.pageOf': 'Page {page} / {count}',
  'viewer.pageLabelOf': 'Page {label} ({page} / {count})',
  'viewer.previous': 'Previous page',
  'viewer.next': 'Next page',
  'viewer.goTo': 'Go to page',
  'viewer.goToHint': 'Type a page number and press Enter (Ctrl+G)',
  'viewer.badPage': 'There is no page {text}. The document has {count} pages.',
  'viewer.zoomIn': 'Zoom in',
  'viewer.zoomOut': 'Zoom out',
  'viewer.zoom': 'Zoom',
  'viewer.fitWidth': 'Fit width',
  'viewer.fitPage': 'Fit page',
  'viewer.continuous': 'Continuous',
  'viewer.single': 'Page by page',
  'viewer.night': 'Dark background',
  'viewer.day': 'Light background',
  'viewer.search': 'Search',
  'viewer.sidebar': 'Pages and contents',
  'viewer.pages': 'Pages',
  'viewer.rendering': 'Drawing page {page}…',
  'viewer.pageFailed': 'This page could not be shown.',
  'viewer.retry': 'Try again',
  'viewer.thumbnails': 'Thumbnails',
  'viewer.outline': 'Contents',
  'viewer.noOutline': 'This document has no table of contents.',
  'viewer.page': 'Page {page}',

  'search.title': 'Search the meeting documents',
  'search.label': 'Words to find (with or without diacritics)',
  'search.submit': 'Search',
  'search.close': 'Close search',
  'search.busy': 'Searching…',
  'search.tooShort': 'Type at least 2 letters.',
  'search.none': 'No results for “{query}”.',
  'search.count.one': '{count} result found.',
  'search.count.other': '{count} results found.',
  'search.truncated': 'Only the first {count} results are shown.',
  'search.previous': 'Previous result',
  'search.next': 'Next result',
  'search.hitPlace': 'Page {page}',

  'role.secretary': 'Secretary',
  'role.chair': 'Chair',
  'role.member': 'Member',
  'role.guest': 'Guest',
  'role.admin': 'Administrator',

  'meetingKind.session': 'Session',
  'meetingKind.sitting': 'Sitting',
  'meetingKind.conference': 'Conference',

  'documentKind.proposal': 'Proposal',
  'documentKind.draft_resolution': 'Draft resolution',
  'documentKind.report': 'Report',
  'documentKind.scheme': 'Scheme',
  'documentKind.invitation': 'Invitation',
  'documentKind.programme': 'Programme',
  'documentKind.minutes': 'Minutes',
  'documentKind.conclusion_notice': 'Conclusion notice',
  'documentKind.other': 'Other document',

  'weekday.0': 'Sunday',
  'weekday.1': 'Monday',
  'weekday.2': 'Tuesday',
  'weekday.3': 'Wednesday',
  'weekday.4': 'Thursday',
  'weekday.5': 'Friday',
  'weekday.6': 'Saturday',
};
