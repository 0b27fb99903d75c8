"""The emails of the calendar, in the applicant's language. Pure: text in, Email out."""

from dataclasses import dataclass
from datetime import datetime

from chalicelib.clock import WARSAW
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
    "vi": "Bliżej — Phòng Người nước ngoài, Văn phòng Tỉnh trưởng Mazowieckie",
}

SUBJECTS = {
    "hold": {
        "en": "Confirm your appointment within 15 minutes",
        "pl": "Potwierdź wizytę w ciągu 15 minut",
        "uk": "Підтвердіть запис на візит протягом 15 хвилин",
        "ru": "Подтвердите запись на визит в течение 15 минут",
        "vi": "Hãy xác nhận lịch hẹn trong vòng 15 phút",
    },
    "confirmed": {
        "en": "Your appointment is booked: {code}",
        "pl": "Wizyta zarezerwowana: {code}",
        "uk": "Ви записані на візит: {code}",
        "ru": "Вы записаны на визит: {code}",
        "vi": "Lịch hẹn của bạn đã được đặt: {code}",
    },
    "reminder": {
        "en": "Reminder: your appointment tomorrow at {time}",
        "pl": "Przypomnienie: jutro o {time} masz wizytę",
        "uk": "Нагадування: завтра о {time} у вас візит",
        "ru": "Напоминание: завтра в {time} у вас визит",
        "vi": "Nhắc lịch: bạn có lịch hẹn lúc {time} ngày mai",
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
        "pl": "Dzień dobry, {name},\n\nchcesz umówić się na wizytę:\n{details}\n\n"
        "Ten termin czeka na Ciebie przez 15 minut. Aby go zarezerwować, otwórz link:\n"
        "{link}\n\nJeśli to nie Ty, zignoruj tę wiadomość. Termin zostanie zwolniony.",
        "uk": "Вітаємо, {name}!\n\nВи хочете записатися на візит:\n{details}\n\n"
        "Ми збережемо цей час за вами на 15 хвилин. Щоб записатися, відкрийте посилання:\n"
        "{link}\n\nЯкщо ви не записувалися, не зважайте на цей лист. Час звільниться.",
        "ru": "Здравствуйте, {name}!\n\nВы хотите записаться на визит:\n{details}\n\n"
        "Мы сохраним это время за вами на 15 минут. Чтобы записаться, откройте ссылку:\n"
        "{link}\n\nЕсли вы не записывались, проигнорируйте это письмо. Время освободится.",
        "vi": "Xin chào {name},\n\nBạn đã yêu cầu đặt lịch hẹn:\n{details}\n\n"
        "Chúng tôi giữ khung giờ này cho bạn trong 15 phút. Để đặt lịch, hãy mở đường link:\n"
        "{link}\n\nNếu bạn không yêu cầu, hãy bỏ qua email này. Khung giờ sẽ được mở lại.",
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
        "Zabierz dokument podróży o numerze podanym przy rezerwacji. Sprawdzimy go w "
        "urzędzie: rezerwacja jest ważna tylko dla Ciebie. Co jeszcze zabrać: {guide}\n\n"
        "W urzędzie wpisz kod rezerwacji w biletomacie.\n\n"
        "Aby odwołać lub zmienić wizytę, otwórz link: {link}\n\n"
        "W załączniku znajdziesz plik kalendarza z wizytą.",
        "uk": "Вітаємо, {name}!\n\nВи записані на візит.\n\nКод запису: {code}\n{details}\n\n"
        "Візьміть паспорт або інший проїзний документ, номер якого ви вказали під час "
        "запису. Ми перевіримо його в установі: запис дійсний лише для вас. "
        "Що ще взяти з собою: {guide}\n\n"
        "В установі введіть код запису в автоматі видачі талонів.\n\n"
        "Скасувати або змінити візит можна тут: {link}\n\n"
        "До листа додано файл календаря з вашим візитом.",
        "ru": "Здравствуйте, {name}!\n\nВы записаны на визит.\n\n"
        "Код записи: {code}\n{details}\n\n"
        "Возьмите паспорт или другой проездной документ, номер которого вы указали при "
        "записи. Мы проверим его в учреждении: запись действительна только для вас. "
        "Что ещё взять с собой: {guide}\n\n"
        "В учреждении введите код записи в автомате с талонами.\n\n"
        "Отменить или изменить визит можно здесь: {link}\n\n"
        "К письму приложен файл календаря с вашим визитом.",
        "vi": "Xin chào {name},\n\nLịch hẹn của bạn đã được đặt.\n\n"
        "Mã đặt lịch: {code}\n{details}\n\n"
        "Hãy mang theo hộ chiếu hoặc giấy tờ đi lại khác có số mà bạn đã nhập khi đặt lịch. "
        "Chúng tôi sẽ kiểm tra giấy tờ này tại Văn phòng Tỉnh trưởng: lịch hẹn chỉ có giá trị "
        "với chính bạn. Những thứ cần mang thêm: {guide}\n\n"
        "Tại Văn phòng Tỉnh trưởng, hãy nhập mã đặt lịch vào máy lấy số.\n\n"
        "Để hủy hoặc đổi lịch hẹn, hãy mở đường link: {link}\n\n"
        "Email này có đính kèm tệp lịch chứa lịch hẹn của bạn.",
    },
    "reminder": {
        "en": "Hello {name},\n\nThis is a reminder of your appointment tomorrow.\n\n"
        "Booking code: {code}\n{details}\n\nBring the travel document you booked with. "
        "What else to bring: {guide}\n\nCannot come? Please cancel with the link in your "
        "booking confirmation email, so that someone else can come.",
        "pl": "Dzień dobry, {name},\n\nprzypominamy o Twojej jutrzejszej wizycie.\n\n"
        "Kod rezerwacji: {code}\n{details}\n\nZabierz dokument podróży o numerze podanym "
        "przy rezerwacji. Co jeszcze zabrać: {guide}\n\n"
        "Nie możesz przyjść? Odwołaj wizytę przez link z e-maila potwierdzającego rezerwację, "
        "aby ktoś inny mógł przyjść w tym terminie.",
        "uk": "Вітаємо, {name}!\n\nНагадуємо про ваш завтрашній візит.\n\n"
        "Код запису: {code}\n{details}\n\nВізьміть паспорт або інший проїзний документ, "
        "який ви вказали під час запису. Що ще взяти з собою: {guide}\n\n"
        "Не зможете прийти? Скасуйте візит за посиланням із листа з підтвердженням запису, "
        "щоб на цей час міг прийти хтось інший.",
        "ru": "Здравствуйте, {name}!\n\nНапоминаем о вашем завтрашнем визите.\n\n"
        "Код записи: {code}\n{details}\n\nВозьмите паспорт или другой проездной документ, "
        "который вы указали при записи. Что ещё взять с собой: {guide}\n\n"
        "Не сможете прийти? Отмените визит по ссылке из письма с подтверждением записи, "
        "чтобы на это время мог прийти кто-то другой.",
        "vi": "Xin chào {name},\n\nChúng tôi xin nhắc bạn về lịch hẹn vào ngày mai.\n\n"
        "Mã đặt lịch: {code}\n{details}\n\nHãy mang theo hộ chiếu hoặc giấy tờ đi lại khác "
        "mà bạn đã dùng khi đặt lịch. Những thứ cần mang thêm: {guide}\n\n"
        "Nếu bạn không thể đến, hãy hủy lịch hẹn bằng đường link trong email xác nhận đặt "
        "lịch, để người khác có thể đến vào giờ đó.",
    },
    "cancelled": {
        "en": "Hello {name},\n\nYour appointment is cancelled.\n\nBooking code: {code}\n"
        "{details}\n\nIf you did not cancel it, contact the office.\n\n"
        "If the appointment is in your calendar, open the attached calendar file to remove it.",
        "pl": "Dzień dobry, {name},\n\nTwoja wizyta została odwołana.\n\nKod rezerwacji: {code}\n"
        "{details}\n\nJeśli wizytę odwołał ktoś inny niż Ty, skontaktuj się z urzędem.\n\n"
        "Jeśli wizyta jest w Twoim kalendarzu, otwórz załączony plik kalendarza, aby ją usunąć.",
        "uk": "Вітаємо, {name}!\n\nВаш візит скасовано.\n\nКод запису: {code}\n"
        "{details}\n\nЯкщо ви його не скасовували, зверніться до установи.\n\n"
        "Якщо візит є у вашому календарі, відкрийте доданий файл календаря, щоб видалити його.",
        "ru": "Здравствуйте, {name}!\n\nВаш визит отменён.\n\nКод записи: {code}\n"
        "{details}\n\nЕсли вы его не отменяли, обратитесь в учреждение.\n\n"
        "Если визит есть в вашем календаре, откройте приложенный файл календаря, "
        "чтобы удалить его.",
        "vi": "Xin chào {name},\n\nLịch hẹn của bạn đã bị hủy.\n\nMã đặt lịch: {code}\n"
        "{details}\n\nNếu bạn không hủy lịch hẹn này, hãy liên hệ với Văn phòng Tỉnh trưởng.\n\n"
        "Nếu lịch hẹn đã có trong lịch của bạn, hãy mở tệp lịch đính kèm để xóa lịch hẹn đó.",
    },
}

LABELS = {
    "what": {"en": "What", "pl": "Sprawa", "uk": "Послуга", "ru": "Услуга", "vi": "Dịch vụ"},
    "where": {"en": "Where", "pl": "Miejsce", "uk": "Місце", "ru": "Место", "vi": "Địa điểm"},
    "when": {
        "en": "When",
        "pl": "Termin",
        "uk": "Дата і час",
        "ru": "Дата и время",
        "vi": "Thời gian",
    },
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
