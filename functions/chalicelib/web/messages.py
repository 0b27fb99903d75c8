"""Titles of every problem the API can answer with, in each language the site speaks.

Widgets translate by `code`; these titles serve any other client and the API's own readers.
"""

PROBLEM_TITLES: dict[str, dict[str, str]] = {
    "not-found": {
        "en": "Nothing was found at this address.",
        "pl": "Pod tym adresem nic nie ma.",
        "uk": "За цією адресою нічого не знайдено.",
        "ru": "По этому адресу ничего не найдено.",
        "vi": "Không tìm thấy gì ở địa chỉ này.",
    },
    "method-not-allowed": {
        "en": "This address does not accept this kind of request.",
        "pl": "Ten adres nie przyjmuje takiego żądania.",
        "uk": "Ця адреса не приймає такого запиту.",
        "ru": "Этот адрес не принимает такой запрос.",
        "vi": "Địa chỉ này không nhận loại yêu cầu này.",
    },
    "malformed-json": {
        "en": "The request could not be read: it is not valid JSON.",
        "pl": "Nie można odczytać żądania: to nie jest poprawny JSON.",
        "uk": "Не вдалося прочитати запит: це некоректний JSON.",
        "ru": "Не удалось прочитать запрос: это некорректный JSON.",
        "vi": "Không đọc được yêu cầu: đây không phải JSON hợp lệ.",
    },
    "validation-failed": {
        "en": "Some fields are missing or not filled in correctly.",
        "pl": "Niektóre pola są puste lub wypełnione błędnie.",
        "uk": "Деякі поля не заповнені або заповнені неправильно.",
        "ru": "Некоторые поля не заполнены или заполнены неверно.",
        "vi": "Một số trường còn trống hoặc điền chưa đúng.",
    },
    "unsupported-media-type": {
        "en": "Send the request as JSON (application/json).",
        "pl": "Wyślij żądanie jako JSON (application/json).",
        "uk": "Надішліть запит у форматі JSON (application/json).",
        "ru": "Отправьте запрос в формате JSON (application/json).",
        "vi": "Hãy gửi yêu cầu ở dạng JSON (application/json).",
    },
    "payload-too-large": {
        "en": "The request is too large.",
        "pl": "Żądanie jest za duże.",
        "uk": "Запит завеликий.",
        "ru": "Запрос слишком большой.",
        "vi": "Yêu cầu quá lớn.",
    },
    "unauthorized": {
        "en": "Only signed-in office staff can do this.",
        "pl": "Tylko zalogowani pracownicy urzędu mogą to zrobić.",
        "uk": "Це можуть робити лише працівники установи, які увійшли в систему.",
        "ru": "Это могут делать только сотрудники учреждения, вошедшие в систему.",
        "vi": "Chỉ nhân viên văn phòng đã đăng nhập mới làm được việc này.",
    },
    "internal-error": {
        "en": "Something went wrong on our side. Please try again later.",
        "pl": "Coś poszło nie tak po naszej stronie. Spróbuj ponownie później.",
        "uk": "Щось пішло не так з нашого боку. Спробуйте пізніше.",
        "ru": "Что-то пошло не так с нашей стороны. Попробуйте позже.",
        "vi": "Đã có lỗi từ phía chúng tôi. Vui lòng thử lại sau.",
    },
    "store-unavailable": {
        "en": "The service is unavailable for a moment. Please try again later.",
        "pl": "Usługa jest chwilowo niedostępna. Spróbuj ponownie później.",
        "uk": "Сервіс тимчасово недоступний. Спробуйте пізніше.",
        "ru": "Сервис временно недоступен. Попробуйте позже.",
        "vi": "Dịch vụ tạm thời không hoạt động. Vui lòng thử lại sau.",
    },
    "site-not-found": {
        "en": "There is no office with this identifier.",
        "pl": "Nie ma placówki o takim identyfikatorze.",
        "uk": "Відділення з таким ідентифікатором немає.",
        "ru": "Отделения с таким идентификатором нет.",
        "vi": "Không có văn phòng nào với mã này.",
    },
}
