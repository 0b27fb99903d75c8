"""Titles of every problem the API can answer with, in each language the site speaks.

Widgets translate by `code`; these titles serve any other client and the API's own readers.
"""

PROBLEM_TITLES: dict[str, dict[str, str]] = {
    "not-found": {
        "en": "Nothing was found at this address.",
        "pl": "Pod tym adresem nic nie znaleziono.",
        "uk": "За цією адресою нічого не знайдено.",
        "ru": "По этому адресу ничего не найдено.",
        "vi": "Không tìm thấy gì ở địa chỉ này.",
    },
    "method-not-allowed": {
        "en": "This address does not accept this kind of request.",
        "pl": "Ten adres nie przyjmuje takiego żądania.",
        "uk": "Ця адреса не приймає запитів такого типу.",
        "ru": "Этот адрес не принимает запросы такого типа.",
        "vi": "Địa chỉ này không chấp nhận loại yêu cầu này.",
    },
    "malformed-json": {
        "en": "The request could not be read: it is not valid JSON.",
        "pl": "Nie można odczytać żądania: to nie jest poprawny JSON.",
        "uk": "Не вдалося прочитати запит: це некоректний JSON.",
        "ru": "Не удалось прочитать запрос: это некорректный JSON.",
        "vi": "Không đọc được yêu cầu: nội dung không phải JSON hợp lệ.",
    },
    "validation-failed": {
        "en": "Some fields are missing or not filled in correctly.",
        "pl": "Niektóre pola są puste lub wypełnione błędnie.",
        "uk": "Деякі поля не заповнені або заповнені неправильно.",
        "ru": "Некоторые поля не заполнены или заполнены неверно.",
        "vi": "Một số ô còn trống hoặc được điền chưa đúng.",
    },
    "unsupported-media-type": {
        "en": "Send the request as JSON (application/json).",
        "pl": "Wyślij żądanie jako JSON (application/json).",
        "uk": "Надішліть запит у форматі JSON (application/json).",
        "ru": "Отправьте запрос в формате JSON (application/json).",
        "vi": "Vui lòng gửi yêu cầu dưới dạng JSON (application/json).",
    },
    "payload-too-large": {
        "en": "The request is too large.",
        "pl": "Żądanie jest za duże.",
        "uk": "Запит завеликий.",
        "ru": "Запрос слишком большой.",
        "vi": "Yêu cầu quá lớn.",
    },
    "sign-in-failed": {
        "en": "The sign-in did not succeed. Please sign in again.",
        "pl": "Logowanie się nie powiodło. Zaloguj się ponownie.",
        "uk": "Не вдалося увійти. Увійдіть ще раз.",
        "ru": "Войти не удалось. Войдите ещё раз.",
        "vi": "Đăng nhập không thành công. Vui lòng đăng nhập lại.",
    },
    "sign-in-unavailable": {
        "en": "Signing in is unavailable for a moment. Please try again later.",
        "pl": "Logowanie jest chwilowo niedostępne. Spróbuj ponownie później.",
        "uk": "Вхід тимчасово недоступний. Спробуйте ще раз пізніше.",
        "ru": "Вход временно недоступен. Попробуйте ещё раз позже.",
        "vi": "Tạm thời không thể đăng nhập. Vui lòng thử lại sau.",
    },
    "unauthorized": {
        "en": "Only signed-in office staff can do this.",
        "pl": "Mogą to zrobić tylko zalogowani pracownicy urzędu.",
        "uk": "Це можуть зробити лише працівники установи, які увійшли в систему.",
        "ru": "Это могут сделать только сотрудники учреждения, вошедшие в систему.",
        "vi": "Chỉ nhân viên Văn phòng Tỉnh trưởng đã đăng nhập mới có thể làm việc này.",
    },
    "internal-error": {
        "en": "Something went wrong on our side. Please try again later.",
        "pl": "Wystąpił błąd po naszej stronie. Spróbuj ponownie później.",
        "uk": "У нас сталася помилка. Спробуйте ще раз пізніше.",
        "ru": "У нас произошла ошибка. Попробуйте ещё раз позже.",
        "vi": "Đã có lỗi từ phía chúng tôi. Vui lòng thử lại sau.",
    },
    "store-unavailable": {
        "en": "The service is unavailable for a moment. Please try again later.",
        "pl": "Usługa jest chwilowo niedostępna. Spróbuj ponownie później.",
        "uk": "Сервіс тимчасово недоступний. Спробуйте ще раз пізніше.",
        "ru": "Сервис временно недоступен. Попробуйте ещё раз позже.",
        "vi": "Dịch vụ tạm thời gián đoạn. Vui lòng thử lại sau.",
    },
    "site-not-found": {
        "en": "There is no office with this identifier.",
        "pl": "Nie ma placówki o takim identyfikatorze.",
        "uk": "Офісу з таким ідентифікатором немає.",
        "ru": "Офиса с таким идентификатором нет.",
        "vi": "Không có địa điểm nào với mã này.",
    },
    "service-not-found": {
        "en": "This office does not offer this service by appointment.",
        "pl": "Ta placówka nie prowadzi zapisów na tę sprawę.",
        "uk": "У цьому офісі немає запису на цю послугу.",
        "ru": "В этом офисе нет записи на эту услугу.",
        "vi": "Địa điểm này không nhận đặt lịch cho dịch vụ này.",
    },
    "slot-not-bookable": {
        "en": "This time cannot be booked. Please choose another time from the calendar.",
        "pl": "Tego terminu nie można zarezerwować. Wybierz inny termin z kalendarza.",
        "uk": "На цей час записатися не можна. Виберіть інший час у календарі.",
        "ru": "На это время записаться нельзя. Выберите другое время в календаре.",
        "vi": "Không thể đặt lịch vào khung giờ này. Vui lòng chọn khung giờ khác trong lịch.",
    },
    "slot-full": {
        "en": "Someone else has just taken this time. Please choose another one.",
        "pl": "Ktoś właśnie zajął ten termin. Wybierz inny.",
        "uk": "Хтось щойно зайняв цей час. Виберіть інший.",
        "ru": "Кто-то только что занял это время. Выберите другое.",
        "vi": "Người khác vừa đặt khung giờ này. Vui lòng chọn khung giờ khác.",
    },
    "already-booked": {
        "en": "You already have a booking for this service. Cancel it before you book another.",
        "pl": "Masz już wizytę w tej sprawie. Odwołaj ją, zanim zarezerwujesz kolejną.",
        "uk": "Ви вже записані на цю послугу. Скасуйте цей запис, перш ніж записатися знову.",
        "ru": "Вы уже записаны на эту услугу. Отмените эту запись, прежде чем записаться снова.",
        "vi": "Bạn đã có lịch hẹn cho dịch vụ này. Hãy hủy lịch đó trước khi đặt lịch mới.",
    },
    "booking-not-found": {
        "en": "We could not find this booking, or the link is no longer valid.",
        "pl": "Nie znaleźliśmy tej rezerwacji albo link jest już nieważny.",
        "uk": "Ми не знайшли цього запису, або посилання вже недійсне.",
        "ru": "Мы не нашли эту запись, или ссылка уже недействительна.",
        "vi": "Chúng tôi không tìm thấy lịch hẹn này, hoặc đường link không còn hiệu lực.",
    },
    "hold-expired": {
        "en": "The 15 minutes to confirm have passed, and the time was freed. Please book again.",
        "pl": "Minęło 15 minut na potwierdzenie i termin został zwolniony. Zarezerwuj ponownie.",
        "uk": "15 хвилин на підтвердження минуло, і час звільнився. Запишіться ще раз.",
        "ru": "15 минут на подтверждение истекли, и время освободилось. Запишитесь ещё раз.",
        "vi": "Đã hết 15 phút để xác nhận nên khung giờ đã được mở lại. Vui lòng đặt lịch lại.",
    },
    "already-confirmed": {
        "en": "This booking is already confirmed. To see or change it, open the link in the "
        "email that confirmed it.",
        "pl": "Ta rezerwacja jest już potwierdzona. Aby ją zobaczyć lub zmienić, otwórz link "
        "z e-maila z potwierdzeniem.",
        "uk": "Цей запис уже підтверджено. Щоб переглянути або змінити його, відкрийте "
        "посилання з листа з підтвердженням.",
        "ru": "Эта запись уже подтверждена. Чтобы посмотреть или изменить её, откройте ссылку "
        "из письма с подтверждением.",
        "vi": "Lịch hẹn này đã được xác nhận. Để xem hoặc thay đổi, hãy mở đường link trong "
        "email xác nhận.",
    },
    "too-late-to-change": {
        "en": "It is too late to change this appointment online. Please contact the office.",
        "pl": "Na zmianę tej wizyty przez internet jest już za późno. Skontaktuj się z urzędem.",
        "uk": "Змінити цей візит онлайн уже запізно. Зверніться до установи.",
        "ru": "Изменить этот визит онлайн уже поздно. Обратитесь в учреждение.",
        "vi": "Đã quá muộn để đổi lịch hẹn này trực tuyến. Vui lòng liên hệ Văn phòng Tỉnh trưởng.",
    },
    "range-too-long": {
        "en": "Ask for at most 62 days at a time.",
        "pl": "Możesz zapytać najwyżej o 62 dni naraz.",
        "uk": "Можна запитати щонайбільше 62 дні за один раз.",
        "ru": "Можно запросить не более 62 дней за один раз.",
        "vi": "Mỗi lần chỉ có thể xem tối đa 62 ngày.",
    },
    "idempotency-key-reused": {
        "en": "This request key was already used for a different request.",
        "pl": "Ten klucz żądania został już użyty dla innego żądania.",
        "uk": "Цей ключ запиту вже використано для іншого запиту.",
        "ru": "Этот ключ запроса уже использован для другого запроса.",
        "vi": "Khóa yêu cầu này đã được dùng cho một yêu cầu khác.",
    },
    "too-many-requests": {
        "en": "Too many attempts. Please wait a while and try again.",
        "pl": "Zbyt wiele prób. Odczekaj chwilę i spróbuj ponownie.",
        "uk": "Забагато спроб. Зачекайте трохи та спробуйте ще раз.",
        "ru": "Слишком много попыток. Подождите немного и попробуйте ещё раз.",
        "vi": "Quá nhiều lần thử. Vui lòng đợi một lúc rồi thử lại.",
    },
    "mail-unavailable": {
        "en": "We could not send the email, so nothing was booked. Please try again later.",
        "pl": "Nie udało się wysłać e-maila, więc nic nie zarezerwowano. Spróbuj ponownie później.",
        "uk": "Не вдалося надіслати лист, тому запис не відбувся. Спробуйте ще раз пізніше.",
        "ru": "Не удалось отправить письмо, поэтому запись не состоялась. Попробуйте позже.",
        "vi": "Không gửi được email nên lịch hẹn chưa được đặt. Vui lòng thử lại sau.",
    },
    "case-not-found": {
        "en": (
            "We could not find a case with this number and access code. Check both and try again."
        ),
        "pl": (
            "Nie znaleźliśmy sprawy o tym numerze i kodzie dostępu. Sprawdź oba i spróbuj ponownie."
        ),
        "uk": (
            "Ми не знайшли справи з таким номером і кодом доступу. Перевірте їх і спробуйте ще раз."
        ),
        "ru": (
            "Мы не нашли дело с таким номером и кодом доступа. Проверьте их и попробуйте ещё раз."
        ),
        "vi": (
            "Không tìm thấy hồ sơ với số hồ sơ và mã truy cập này. Hãy kiểm tra lại cả hai "
            "và thử lại."
        ),
    },
    "case-locked": {
        "en": (
            "Too many wrong codes for this case. Wait a little before you try again, or contact "
            "the office."
        ),
        "pl": (
            "Za dużo błędnych kodów dla tej sprawy. Odczekaj chwilę, zanim spróbujesz ponownie, "
            "albo skontaktuj się z urzędem."
        ),
        "uk": (
            "Забагато неправильних кодів для цієї справи. Зачекайте трохи, перш ніж спробувати "
            "ще раз, або зверніться до установи."
        ),
        "ru": (
            "Слишком много неверных кодов для этого дела. Подождите немного, прежде чем "
            "пробовать снова, или обратитесь в учреждение."
        ),
        "vi": (
            "Đã nhập sai mã quá nhiều lần cho hồ sơ này. Hãy đợi một lúc rồi thử lại, hoặc liên "
            "hệ với Văn phòng Tỉnh trưởng."
        ),
    },
    "signature-invalid": {
        "en": "The request is not signed with a valid key.",
        "pl": "Żądanie nie jest podpisane ważnym kluczem.",
        "uk": "Запит не підписано дійсним ключем.",
        "ru": "Запрос не подписан действительным ключом.",
        "vi": "Yêu cầu không được ký bằng khóa hợp lệ.",
    },
    "request-stale": {
        "en": "The request's time is more than 5 minutes off. Check the sender's clock.",
        "pl": "Czas żądania różni się o ponad 5 minut. Sprawdź zegar nadawcy.",
        "uk": "Час запиту відрізняється більш ніж на 5 хвилин. Перевірте годинник відправника.",
        "ru": "Время запроса отличается более чем на 5 минут. Проверьте часы отправителя.",
        "vi": "Thời gian của yêu cầu lệch hơn 5 phút. Hãy kiểm tra đồng hồ của bên gửi.",
    },
    "request-replayed": {
        "en": "This exact request was already received.",
        "pl": "To samo żądanie zostało już odebrane.",
        "uk": "Такий самий запит уже отримано.",
        "ru": "Такой же запрос уже получен.",
        "vi": "Yêu cầu y hệt này đã được nhận trước đó.",
    },
    "ticket-not-found": {
        "en": "There is no ticket with this number.",
        "pl": "Nie ma biletu o tym numerze.",
        "uk": "Талона з таким номером немає.",
        "ru": "Талона с таким номером нет.",
        "vi": "Không có số thứ tự này.",
    },
    "counter-closed": {
        "en": "This counter is closed. Open it first.",
        "pl": "To stanowisko jest zamknięte. Najpierw je otwórz.",
        "uk": "Це віконце закрите. Спочатку відкрийте його.",
        "ru": "Это окно закрыто. Сначала откройте его.",
        "vi": "Quầy này đang đóng. Hãy mở quầy trước.",
    },
    "queue-empty": {
        "en": "Nobody is waiting for this counter's services.",
        "pl": "Nikt nie czeka na sprawy obsługiwane przy tym stanowisku.",
        "uk": "Ніхто не чекає на послуги цього віконця.",
        "ru": "Никто не ждёт услуг этого окна.",
        "vi": "Không có ai đang chờ các dịch vụ của quầy này.",
    },
    "ticket-not-at-counter": {
        "en": "This ticket is not being called at this counter.",
        "pl": "Ten bilet nie jest teraz wywołany do tego stanowiska.",
        "uk": "Цей талон зараз не викликано до цього віконця.",
        "ru": "Этот талон сейчас не вызван к этому окну.",
        "vi": "Số thứ tự này hiện không được gọi đến quầy này.",
    },
    "check-in-too-early": {
        "en": "You are early. You can check in from 30 minutes before your appointment.",
        "pl": "Jesteś za wcześnie. Możesz się zgłosić od 30 minut przed wizytą.",
        "uk": "Ви прийшли зарано. Зареєструватися можна за 30 хвилин до візиту.",
        "ru": "Вы пришли слишком рано. Зарегистрироваться можно за 30 минут до визита.",
        "vi": "Bạn đến quá sớm. Bạn có thể xác nhận có mặt từ 30 phút trước giờ hẹn.",
    },
    "check-in-too-late": {
        "en": "It is too late to check in for this appointment. Please go to the information desk.",
        "pl": "Na zgłoszenie się na tę wizytę jest już za późno. Podejdź do punktu informacyjnego.",
        "uk": "Зареєструватися на цей візит уже запізно. Підійдіть до інформаційного пункту.",
        "ru": "Зарегистрироваться на этот визит уже поздно. Подойдите к информационному пункту.",
        "vi": "Đã quá muộn để xác nhận có mặt cho lịch hẹn này. Vui lòng đến quầy thông tin.",
    },
    "document-mismatch": {
        "en": (
            "This is not the document the booking was made with. Please go to the information desk."
        ),
        "pl": "To nie jest dokument podany przy rezerwacji. Podejdź do punktu informacyjnego.",
        "uk": (
            "Це не той документ, який вказали під час запису. Підійдіть до інформаційного пункту."
        ),
        "ru": (
            "Это не тот документ, который указали при записи. Подойдите к информационному пункту."
        ),
        "vi": "Đây không phải giấy tờ đã dùng khi đặt lịch. Vui lòng đến quầy thông tin.",
    },
    "wrong-office": {
        "en": "This booking is for another office.",
        "pl": "Ta rezerwacja dotyczy innej placówki.",
        "uk": "Цей запис до іншого офісу.",
        "ru": "Эта запись в другой офис.",
        "vi": "Lịch hẹn này ở địa điểm khác.",
    },
    "walk-ins-full": {
        "en": "There are no more tickets without an appointment today. Please book a visit online.",
        "pl": "Na dziś skończyły się bilety bez rezerwacji. Umów wizytę przez internet.",
        "uk": "На сьогодні талони без запису закінчилися. Запишіться на візит онлайн.",
        "ru": "На сегодня талоны без записи закончились. Запишитесь на визит онлайн.",
        "vi": "Hôm nay đã hết số thứ tự không cần hẹn. Vui lòng đặt lịch trực tuyến.",
    },
    "walk-in-not-offered": {
        "en": "This service is by appointment only. Please book a visit online.",
        "pl": "Tę sprawę załatwisz tylko po umówieniu wizyty. Umów się przez internet.",
        "uk": "Ця послуга лише за записом. Запишіться на візит онлайн.",
        "ru": "Эта услуга только по записи. Запишитесь на визит онлайн.",
        "vi": "Dịch vụ này chỉ nhận khi có lịch hẹn. Vui lòng đặt lịch trực tuyến.",
    },
}
