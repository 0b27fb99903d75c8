"""The emails of the calendar, in the applicant's language. Pure: text in, Email out."""

from dataclasses import dataclass
from datetime import datetime

from chalicelib.appointments.model import WARSAW
from chalicelib.mail.port import Attachment, Email

WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "pl": ("poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"),
    "uk": ("понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота", "неділя"),
    "ru": ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"),
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"),
}

POLISH_TIME = {
    "en": "Polish time",
    "pl": "czasu polskiego",
    "uk": "за польським часом",
    "ru": "по польскому времени",
    "vi": "giờ Ba Lan",
}

SIGNATURE = {
    "en": "Bliżej — Department for Foreigners, Mazowieckie Voivodeship Office",
    "pl": "Bliżej — Wydział Spraw Cudzoziemców, Mazowiecki Urząd Wojewódzki",
    "uk": "Bliżej — Відділ у справах іноземців, Мазовецьке воєводське управління",
    "ru": "Bliżej — Отдел по делам иностранцев, Мазовецкое воеводское управление",
    "vi": "Bliżej — Phòng Người nước ngoài, Văn phòng Tỉnh Mazowieckie",
}

SUBJECTS = {
    "hold": {
        "en": "Confirm your appointment within 15 minutes",
        "pl": "Potwierdź wizytę w ciągu 15 minut",
        "uk": "Підтвердіть візит протягом 15 хвилин",
        "ru": "Подтвердите визит в течение 15 минут",
        "vi": "Hãy xác nhận lịch hẹn trong vòng 15 phút",
    },
    "confirmed": {
        "en": "Your appointment is booked: {code}",
        "pl": "Wizyta zarezerwowana: {code}",
        "uk": "Ваш візит заброньовано: {code}",
        "ru": "Ваш визит забронирован: {code}",
        "vi": "Lịch hẹn của bạn đã được đặt: {code}",
    },
    "reminder": {
        "en": "Reminder: your appointment tomorrow at {time}",
        "pl": "Przypomnienie: jutro o {time} masz wizytę w urzędzie",
        "uk": "Нагадування: завтра о {time} у вас візит",
        "ru": "Напоминание: завтра в {time} у вас визит",
        "vi": "Nhắc lịch: ngày mai lúc {time} bạn có lịch hẹn",
    },
    "cancelled": {
        "en": "Your appointment is cancelled: {code}",
        "pl": "Wizyta odwołana: {code}",
        "uk": "Ваш візит скасовано: {code}",
        "ru": "Ваш визит отменён: {code}",
        "vi": "Lịch hẹn của bạn đã bị hủy: {code}",
    },
}

BODIES = {
    "hold": {
        "en": "Hello {name},\n\nYou asked for an appointment:\n{details}\n\n"
        "We keep this time for you for 15 minutes. To book it, open this link:\n{link}\n\n"
        "If you did not ask for this, ignore this email. The time will be freed.",
        "pl": "Dzień dobry, {name},\n\nchcesz umówić wizytę:\n{details}\n\n"
        "Trzymamy dla Ciebie ten termin przez 15 minut. Aby go zarezerwować, otwórz link:\n"
        "{link}\n\nJeśli to nie Ty, zignoruj tę wiadomość. Termin zostanie zwolniony.",
        "uk": "Вітаємо, {name}!\n\nВи хочете записатися на візит:\n{details}\n\n"
        "Ми тримаємо для вас цей час 15 хвилин. Щоб забронювати його, відкрийте посилання:\n"
        "{link}\n\nЯкщо це були не ви, просто проігноруйте цей лист. Час звільниться.",
        "ru": "Здравствуйте, {name}!\n\nВы хотите записаться на визит:\n{details}\n\n"
        "Мы держим для вас это время 15 минут. Чтобы забронировать его, откройте ссылку:\n"
        "{link}\n\nЕсли это были не вы, просто проигнорируйте это письмо. Время освободится.",
        "vi": "Xin chào {name},\n\nBạn đã yêu cầu đặt lịch hẹn:\n{details}\n\n"
        "Chúng tôi giữ thời gian này cho bạn trong 15 phút. Để đặt lịch, hãy mở đường link:\n"
        "{link}\n\nNếu không phải bạn yêu cầu, hãy bỏ qua email này. Thời gian sẽ được trả lại.",
    },
    "confirmed": {
        "en": "Hello {name},\n\nYour appointment is booked.\n\nBooking code: {code}\n{details}\n\n"
        "Bring the travel document whose number you gave when booking. We check it at the "
        "office: the booking is valid only for you. What else to bring: {guide}\n\n"
        "At the office, enter your booking code at the ticket machine.\n\n"
        "To cancel or change the appointment: {link}\n\n"
        "The appointment is attached as a calendar file.",
        "pl": "Dzień dobry, {name},\n\nTwoja wizyta jest zarezerwowana.\n\n"
        "Kod rezerwacji: {code}\n{details}\n\n"
        "Zabierz dokument podróży, którego numer podano przy rezerwacji. Sprawdzimy go w "
        "urzędzie: rezerwacja jest ważna tylko dla Ciebie. Co jeszcze zabrać: {guide}\n\n"
        "W urzędzie wpisz kod rezerwacji w biletomacie.\n\n"
        "Aby odwołać lub zmienić wizytę: {link}\n\n"
        "Wizyta jest w załączniku jako plik kalendarza.",
        "uk": "Вітаємо, {name}!\n\nВаш візит заброньовано.\n\nКод бронювання: {code}\n{details}\n\n"
        "Візьміть проїзний документ, номер якого ви вказали під час бронювання. Ми перевіримо "
        "його в установі: бронювання дійсне лише для вас. Що ще взяти з собою: {guide}\n\n"
        "В установі введіть код бронювання в автоматі для талонів.\n\n"
        "Щоб скасувати або змінити візит: {link}\n\n"
        "Візит додано до листа як файл календаря.",
        "ru": "Здравствуйте, {name}!\n\nВаш визит забронирован.\n\n"
        "Код бронирования: {code}\n{details}\n\n"
        "Возьмите проездной документ, номер которого вы указали при бронировании. Мы проверим "
        "его в учреждении: бронирование действительно только для вас. Что ещё взять с собой: "
        "{guide}\n\nВ учреждении введите код бронирования в автомате для талонов.\n\n"
        "Чтобы отменить или изменить визит: {link}\n\n"
        "Визит приложен к письму как файл календаря.",
        "vi": "Xin chào {name},\n\nLịch hẹn của bạn đã được đặt.\n\n"
        "Mã đặt lịch: {code}\n{details}\n\n"
        "Hãy mang theo giấy tờ đi lại (hộ chiếu) có số bạn đã khai khi đặt lịch. Chúng tôi sẽ "
        "kiểm tra tại văn phòng: lịch hẹn chỉ có giá trị cho chính bạn. Cần mang gì thêm: "
        "{guide}\n\nTại văn phòng, hãy nhập mã đặt lịch vào máy lấy số.\n\n"
        "Để hủy hoặc đổi lịch hẹn: {link}\n\n"
        "Lịch hẹn được đính kèm dưới dạng tệp lịch.",
    },
    "reminder": {
        "en": "Hello {name},\n\nThis is a reminder of your appointment tomorrow.\n\n"
        "Booking code: {code}\n{details}\n\nBring the travel document you booked with. "
        "What else to bring: {guide}\n\nCannot come? Please cancel with the link in your "
        "booking confirmation email, so that someone else can come.",
        "pl": "Dzień dobry, {name},\n\nprzypominamy o jutrzejszej wizycie.\n\n"
        "Kod rezerwacji: {code}\n{details}\n\nZabierz dokument podróży podany przy "
        "rezerwacji. Co jeszcze zabrać: {guide}\n\n"
        "Nie możesz przyjść? Odwołaj wizytę linkiem z e-maila potwierdzającego rezerwację, "
        "aby ktoś inny mógł z niej skorzystać.",
        "uk": "Вітаємо, {name}!\n\nНагадуємо про ваш завтрашній візит.\n\n"
        "Код бронювання: {code}\n{details}\n\nВізьміть проїзний документ, указаний під час "
        "бронювання. Що ще взяти з собою: {guide}\n\n"
        "Не зможете прийти? Скасуйте візит за посиланням з листа-підтвердження бронювання, "
        "щоб ним міг скористатися хтось інший.",
        "ru": "Здравствуйте, {name}!\n\nНапоминаем о вашем завтрашнем визите.\n\n"
        "Код бронирования: {code}\n{details}\n\nВозьмите проездной документ, указанный при "
        "бронировании. Что ещё взять с собой: {guide}\n\n"
        "Не сможете прийти? Отмените визит по ссылке из письма с подтверждением бронирования, "
        "чтобы им мог воспользоваться кто-то другой.",
        "vi": "Xin chào {name},\n\nChúng tôi nhắc bạn về lịch hẹn vào ngày mai.\n\n"
        "Mã đặt lịch: {code}\n{details}\n\nHãy mang theo giấy tờ đi lại bạn đã dùng khi đặt "
        "lịch. Cần mang gì thêm: {guide}\n\n"
        "Bạn không đến được? Hãy hủy lịch bằng đường link trong email xác nhận đặt lịch, "
        "để người khác có thể đến.",
    },
    "cancelled": {
        "en": "Hello {name},\n\nYour appointment is cancelled.\n\nBooking code: {code}\n"
        "{details}\n\nIf you did not cancel it, contact the office.",
        "pl": "Dzień dobry, {name},\n\nTwoja wizyta została odwołana.\n\nKod rezerwacji: {code}\n"
        "{details}\n\nJeśli to nie Ty ją odwołałeś lub odwołałaś, skontaktuj się z urzędem.",
        "uk": "Вітаємо, {name}!\n\nВаш візит скасовано.\n\nКод бронювання: {code}\n"
        "{details}\n\nЯкщо ви його не скасовували, зверніться до установи.",
        "ru": "Здравствуйте, {name}!\n\nВаш визит отменён.\n\nКод бронирования: {code}\n"
        "{details}\n\nЕсли вы его не отменяли, обратитесь в учреждение.",
        "vi": "Xin chào {name},\n\nLịch hẹn của bạn đã bị hủy.\n\nMã đặt lịch: {code}\n"
        "{details}\n\nNếu bạn không hủy lịch này, hãy liên hệ với văn phòng.",
    },
}

LABELS = {
    "what": {"en": "What", "pl": "Sprawa", "uk": "Послуга", "ru": "Услуга", "vi": "Việc"},
    "where": {"en": "Where", "pl": "Miejsce", "uk": "Місце", "ru": "Место", "vi": "Địa điểm"},
    "when": {"en": "When", "pl": "Termin", "uk": "Час", "ru": "Время", "vi": "Thời gian"},
}


@dataclass(frozen=True)
class Appointment:
    """What an email says about an appointment, already in the reader's language."""

    code: str
    name: str
    email: str
    language: str
    service: str
    place: str
    start: datetime


def when(start: datetime, language: str) -> str:
    local = start.astimezone(WARSAW)
    weekday = WEEKDAYS[language][local.weekday()]
    return f"{weekday}, {local:%d.%m.%Y}, {local:%H:%M} ({POLISH_TIME[language]})"


def details(appointment: Appointment) -> str:
    language = appointment.language
    return "\n".join(
        [
            f"{LABELS['what'][language]}: {appointment.service}",
            f"{LABELS['where'][language]}: {appointment.place}",
            f"{LABELS['when'][language]}: {when(appointment.start, language)}",
        ]
    )


def compose(
    kind: str,
    appointment: Appointment,
    link: str = "",
    guide: str = "",
    calendar: bytes | None = None,
) -> Email:
    language = appointment.language
    local = appointment.start.astimezone(WARSAW)
    subject = SUBJECTS[kind][language].format(code=appointment.code, time=f"{local:%H:%M}")
    body = BODIES[kind][language].format(
        name=appointment.name,
        code=appointment.code,
        details=details(appointment),
        link=link,
        guide=guide,
    )
    attachments = ()
    if calendar is not None:
        attachments = (Attachment(f"{appointment.code}.ics", "text/calendar", calendar),)
    return Email(
        to=appointment.email,
        subject=subject,
        text=f"{body}\n\n-- \n{SIGNATURE[language]}\n",
        language=language,
        attachments=attachments,
    )
