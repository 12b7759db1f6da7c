/**
 * Vietnamese texts (the default language). Keys are shared with `en.ts`;
 * a test checks both have the same keys and no empty text.
 * Plain words for readers who are not at ease with computers.
 */
export const vi = {
  'app.name': 'Phòng Họp',
  'a11y.skipToContent': 'Chuyển đến nội dung chính',

  'lang.toggle': 'English',
  'lang.toggleHint': 'Chuyển giao diện sang tiếng Anh',

  'header.signedIn': 'Người dùng',
  'header.organisation': 'Cơ quan',

  'sync.button': 'Đồng bộ',
  'sync.buttonBusy': 'Đang đồng bộ…',
  'sync.inProgress': 'Đang đồng bộ với máy chủ…',
  'sync.done': 'Đã đồng bộ lúc {time}.',
  'sync.fetched.one': 'Đã tải về {count} tài liệu mới.',
  'sync.fetched.other': 'Đã tải về {count} tài liệu mới.',
  'sync.progress': 'Đang tải tài liệu: {percent}% ({done} trên {total}).',
  'sync.progressLabel': 'Tiến độ tải tài liệu',

  'offline.hint': 'Khi có mạng trở lại, ứng dụng tự cập nhật; bạn cũng có thể bấm “Đồng bộ”.',

  'loading': 'Đang tải dữ liệu, xin chờ trong giây lát…',

  'meetings.heading': 'Cuộc họp',
  'meetings.empty': 'Chưa có cuộc họp nào',
  'meetings.emptyHint':
    'Khi có giấy mời họp, cuộc họp sẽ hiện ở đây. Bấm “Đồng bộ” để kiểm tra lại với máy chủ.',

  'noProfile.title': 'Máy tính này chưa được đăng ký',
  'unlock.title': 'Mở khóa máy này',
  'unlock.body': 'Khóa của máy này được bảo vệ bằng mật khẩu. Xin nhập mật khẩu để xem tài liệu họp.',
  'unlock.label': 'Mật khẩu',
  'unlock.show': 'Hiện mật khẩu',
  'unlock.submit': 'Mở khóa',
  'unlock.busy': 'Đang mở khóa…',
  'noProfile.body':
    'Để nhận tài liệu họp, máy tính này cần được quản trị viên đăng ký với máy chủ của cơ quan.',
  'noProfile.action': 'Xin liên hệ quản trị viên hệ thống của cơ quan để được cấp mã đăng ký.',

  'meeting.when': 'Thời gian',
  'meeting.place': 'Địa điểm',
  'meeting.agenda': 'Nội dung cuộc họp',
  'meeting.ready': 'Đã đủ tài liệu trên máy này, đọc được khi mất mạng',
  'meeting.notReady': 'Còn tài liệu chưa tải về máy này',
  'meeting.noAgenda': 'Chưa có nội dung chương trình.',
  'meeting.items.one': '{count} nội dung',
  'meeting.items.other': '{count} nội dung',
  'meeting.documents.one': '{count} tài liệu',
  'meeting.documents.other': '{count} tài liệu',

  'agenda.presenter': 'Trình bày: {name}',
  'agenda.documents': 'Tài liệu của nội dung {number}',
  'agenda.noDocuments': 'Không có tài liệu kèm theo.',

  'document.available': 'Đã có trên máy này',
  'document.notAvailable': 'Chưa tải về',

  'error.title': 'Có lỗi xảy ra',
  'error.code': 'Mã lỗi: {code}',
  'error.dismiss': 'Đóng thông báo',
  'error.generic':
    'Đã xảy ra lỗi chưa rõ nguyên nhân. Xin thử lại; nếu vẫn lỗi, hãy báo cho quản trị viên (mã lỗi {code}).',
  'errorCode.internal':
    'Phần mềm gặp lỗi bên trong. Xin thử lại; nếu vẫn lỗi, hãy báo cho quản trị viên.',
  'errorCode.profile.missing': 'Máy tính này chưa được đăng ký nên chưa thể đồng bộ.',
  'errorCode.profile.locked': 'Khóa của máy này được bảo vệ bằng mật khẩu. Xin nhập mật khẩu để mở khóa.',
  'errorCode.crypto.wrong_passphrase': 'Mật khẩu chưa đúng. Xin kiểm tra bộ gõ tiếng Việt và phím Caps Lock rồi nhập lại.',
  'errorCode.store.open_failed':
    'Không mở được dữ liệu đã lưu trên máy này. Xin đóng rồi mở lại phần mềm.',
  'errorCode.store.corrupt':
    'Dữ liệu lưu trên máy này bị hỏng. Xin báo cho quản trị viên; tài liệu có thể tải lại từ máy chủ.',
  'errorCode.sync.unreachable':
    'Không kết nối được máy chủ. Đang hiển thị dữ liệu đã lưu trên máy này.',
  'errorCode.sync.unauthorized':
    'Máy chủ không chấp nhận máy tính này. Có thể quyền truy cập đã bị thu hồi; xin liên hệ quản trị viên.',
  'errorCode.sync.server_error': 'Máy chủ đang gặp sự cố. Xin thử lại sau ít phút.',
  'errorCode.sync.bad_response':
    'Máy chủ gửi về dữ liệu không đọc được. Xin thử lại sau; nếu vẫn lỗi, hãy báo cho quản trị viên.',
  'errorCode.crypto.decrypt_failed':
    'Không mở được tài liệu đã mã hóa. Có thể máy này chưa được cấp quyền đọc tài liệu đó.',
  'errorCode.crypto.bad_key':
    'Khóa bảo mật trên máy này không hợp lệ. Xin liên hệ quản trị viên.',
  'errorCode.profile.damaged':
    'Hồ sơ đăng ký trên máy này bị hỏng. Xin liên hệ quản trị viên để đăng ký lại.',
  'errorCode.store.disk_full':
    'Ổ đĩa của máy tính đã đầy. Xin xóa bớt tệp không cần thiết rồi thử lại; không có dữ liệu nào bị mất.',
  'errorCode.sync.forbidden':
    'Tài khoản của bạn không có quyền làm việc này.',
  'errorCode.sync.integrity':
    'Dữ liệu tải về bị sai lệch nên đã bị loại bỏ. Phần mềm sẽ tải lại ở lần đồng bộ sau.',
  'errorCode.crypto.bad_signature':
    'Chữ ký số không hợp lệ: dữ liệu không đến từ người gửi đã khai. Dữ liệu này đã bị từ chối; xin báo cho quản trị viên.',
  'errorCode.crypto.chunk_mismatch':
    'Một phần tài liệu lưu trên máy bị hỏng. Xin bấm “Đồng bộ” để tải lại.',
  'errorCode.crypto.chunk_missing':
    'Tài liệu chưa tải về đủ. Xin bấm “Đồng bộ” để tải tiếp.',

  'errorCode.pdf.malformed': 'Tài liệu này bị hỏng, không mở được. Xin báo thư ký kỳ họp.',
  'errorCode.pdf.password_protected':
    'Tài liệu này có mật khẩu nên không mở được trong Phòng Họp. Xin báo thư ký kỳ họp.',
  'errorCode.pdf.page_too_large': 'Trang này quá lớn để hiển thị ở mức phóng to này. Xin thu nhỏ lại.',
  'errorCode.pdf.no_such_page': 'Tài liệu không có trang này.',
  'errorCode.pdf.library_missing':
    'Máy tính này thiếu thành phần hiển thị tài liệu (pdfium). Xin báo quản trị viên.',
  'errorCode.document.not_downloaded':
    'Tài liệu chưa tải về máy. Xin bấm “Đồng bộ” khi có mạng.',
  'errorCode.document.not_found': 'Không tìm thấy tài liệu này trong cuộc họp.',
  'errorCode.pdf.render_failed': 'Không vẽ được trang này. Xin thử lại hoặc báo thư ký kỳ họp.',
  'errorCode.pdf.worker_stopped': 'Bộ phận hiển thị tài liệu đã dừng. Xin đóng và mở lại Phòng Họp.',
  'errorCode.pdf.invalid_request': 'Cỡ hiển thị không hợp lệ. Xin chọn lại cỡ chữ.',
  'errorCode.page.bad_request': 'Địa chỉ trang không hợp lệ.',
  'errorCode.meeting.not_found': 'Không tìm thấy cuộc họp này trên máy.',

  'document.open': 'Mở tài liệu {title}',

  'viewer.close': 'Đóng tài liệu',
  'viewer.closeHint': 'Quay lại danh sách cuộc họp (phím Esc)',
  'viewer.opening': 'Đang mở tài liệu, xin chờ…',
  'viewer.toolbar': 'Công cụ xem tài liệu',
  'viewer.pageOf': 'Trang {page} / {count}',
  'viewer.pageLabelOf': 'Trang {label} ({page} / {count})',
  'viewer.previous': 'Trang trước',
  'viewer.next': 'Trang sau',
  'viewer.goTo': 'Đến trang',
  'viewer.goToHint': 'Gõ số trang rồi bấm Enter (Ctrl+G)',
  'viewer.badPage': 'Không có trang {text}. Tài liệu có {count} trang.',
  'viewer.zoomIn': 'Phóng to',
  'viewer.zoomOut': 'Thu nhỏ',
  'viewer.zoom': 'Cỡ hiển thị',
  'viewer.fitWidth': 'Vừa chiều ngang',
  'viewer.fitPage': 'Vừa cả trang',
  'viewer.continuous': 'Cuộn liên tục',
  'viewer.single': 'Từng trang',
  'viewer.night': 'Nền tối',
  'viewer.day': 'Nền sáng',
  'viewer.search': 'Tìm kiếm',
  'viewer.sidebar': 'Trang và mục lục',
  'viewer.pages': 'Các trang',
  'viewer.rendering': 'Đang hiển thị trang {page}…',
  'viewer.pageFailed': 'Không hiển thị được trang này.',
  'viewer.retry': 'Thử lại',
  'viewer.thumbnails': 'Hình thu nhỏ',
  'viewer.outline': 'Mục lục',
  'viewer.noOutline': 'Tài liệu này không có mục lục.',
  'viewer.page': 'Trang {page}',

  'search.title': 'Tìm trong tài liệu cuộc họp',
  'search.label': 'Từ cần tìm (gõ có dấu hoặc không dấu)',
  'search.submit': 'Tìm',
  'search.close': 'Đóng ô tìm kiếm',
  'search.busy': 'Đang tìm…',
  'search.tooShort': 'Gõ ít nhất 2 chữ cái.',
  'search.none': 'Không tìm thấy “{query}”.',
  'search.count.one': 'Tìm thấy {count} kết quả.',
  'search.count.other': 'Tìm thấy {count} kết quả.',
  'search.truncated': 'Chỉ hiện {count} kết quả đầu tiên.',
  'search.previous': 'Kết quả trước',
  'search.next': 'Kết quả sau',
  'search.hitPlace': 'Trang {page}',

  'role.secretary': 'Thư ký',
  'role.chair': 'Chủ tọa',
  'role.member': 'Đại biểu',
  'role.guest': 'Khách mời',
  'role.admin': 'Quản trị viên',

  'meetingKind.session': 'Kỳ họp',
  'meetingKind.sitting': 'Phiên họp',
  'meetingKind.conference': 'Hội nghị',

  'documentKind.proposal': 'Tờ trình',
  'documentKind.draft_resolution': 'Dự thảo nghị quyết',
  'documentKind.report': 'Báo cáo',
  'documentKind.scheme': 'Đề án',
  'documentKind.invitation': 'Giấy mời',
  'documentKind.programme': 'Chương trình',
  'documentKind.minutes': 'Biên bản',
  'documentKind.conclusion_notice': 'Thông báo kết luận',
  'documentKind.other': 'Tài liệu khác',

  'weekday.0': 'Chủ Nhật',
  'weekday.1': 'Thứ Hai',
  'weekday.2': 'Thứ Ba',
  'weekday.3': 'Thứ Tư',
  'weekday.4': 'Thứ Năm',
  'weekday.5': 'Thứ Sáu',
  'weekday.6': 'Thứ Bảy',
};

/** Every message key. */
export type MessageKey = keyof typeof vi;
