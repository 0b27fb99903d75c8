"""Words for every code a case can show, in each language of the site.

The API answers with codes and, beside them, these labels in the language asked for; the
<case-status> widget shows the labels.
"""

LABELS: dict[str, dict[str, dict[str, str]]] = {
    "status": {
        "registered": {
            "en": "Your application was registered",
            "pl": "Twój wniosek został zarejestrowany",
            "uk": "Вашу заяву зареєстровано",
            "ru": "Ваше заявление зарегистрировано",
            "vi": "Đơn của bạn đã được đăng ký",
        },
        "in-progress": {
            "en": "The office is working on your case",
            "pl": "Urząd zajmuje się Twoją sprawą",
            "uk": "Воєводське управління розглядає вашу справу",
            "ru": "Воеводское управление рассматривает ваше дело",
            "vi": "Văn phòng Tỉnh trưởng đang xử lý hồ sơ của bạn",
        },
        "waiting-for-you": {
            "en": "The office is waiting for something from you",
            "pl": "Urząd czeka na coś od Ciebie",
            "uk": "Воєводське управління чекає чогось від вас",
            "ru": "Воеводское управление ждёт чего-то от вас",
            "vi": "Văn phòng Tỉnh trưởng đang chờ bạn phản hồi",
        },
        "decided": {
            "en": "A decision was issued",
            "pl": "Wydano decyzję",
            "uk": "Рішення видано",
            "ru": "Решение вынесено",
            "vi": "Quyết định đã được ban hành",
        },
        "card-ready": {
            "en": "Your residence card is ready to collect",
            "pl": "Twoja karta pobytu jest gotowa do odbioru",
            "uk": "Ваша посвідка на проживання готова до отримання",
            "ru": "Ваша карта побыту (вид на жительство) готова к получению",
            "vi": "Thẻ cư trú của bạn đã sẵn sàng để nhận",
        },
        "appealed": {
            "en": "Your appeal was filed",
            "pl": "Twoje odwołanie zostało złożone",
            "uk": "Вашу апеляцію подано",
            "ru": "Ваша апелляция подана",
            "vi": "Đơn khiếu nại của bạn đã được nộp",
        },
        "transferred": {
            "en": "Your case was sent to another office",
            "pl": "Twoja sprawa została przekazana do innego urzędu",
            "uk": "Вашу справу передано до іншої установи",
            "ru": "Ваше дело передано в другое учреждение",
            "vi": "Hồ sơ của bạn đã được chuyển sang cơ quan khác",
        },
        "closed": {
            "en": "Your case is closed",
            "pl": "Twoja sprawa jest zakończona",
            "uk": "Вашу справу закрито",
            "ru": "Ваше дело закрыто",
            "vi": "Hồ sơ của bạn đã được đóng",
        },
    },
    "event": {
        "case_registered": {
            "en": "Application registered",
            "pl": "Zarejestrowano wniosek",
            "uk": "Заяву зареєстровано",
            "ru": "Заявление зарегистрировано",
            "vi": "Đơn đã được đăng ký",
        },
        "summons_sent": {
            "en": "Summons sent to you",
            "pl": "Wysłano do Ciebie wezwanie",
            "uk": "Вам надіслано виклик",
            "ru": "Вам отправлен вызов",
            "vi": "Văn bản yêu cầu đã được gửi cho bạn",
        },
        "summons_answered": {
            "en": "Your answer to the summons received",
            "pl": "Otrzymano Twoją odpowiedź na wezwanie",
            "uk": "Вашу відповідь на виклик отримано",
            "ru": "Ваш ответ на вызов получен",
            "vi": "Đã nhận được phản hồi của bạn về văn bản yêu cầu",
        },
        "appointment_scheduled": {
            "en": "Appointment set",
            "pl": "Wyznaczono termin wizyty",
            "uk": "Призначено дату візиту",
            "ru": "Назначена дата визита",
            "vi": "Đã đặt lịch hẹn",
        },
        "decision_issued": {
            "en": "Decision issued",
            "pl": "Wydano decyzję",
            "uk": "Рішення видано",
            "ru": "Решение вынесено",
            "vi": "Quyết định đã được ban hành",
        },
        "card_ready": {
            "en": "Residence card ready to collect",
            "pl": "Karta pobytu gotowa do odbioru",
            "uk": "Посвідка на проживання готова до отримання",
            "ru": "Карта побыту (вид на жительство) готова к получению",
            "vi": "Thẻ cư trú đã sẵn sàng để nhận",
        },
        "appeal_filed": {
            "en": "Appeal filed",
            "pl": "Złożono odwołanie",
            "uk": "Апеляцію подано",
            "ru": "Апелляция подана",
            "vi": "Đơn khiếu nại đã được nộp",
        },
        "case_transferred": {
            "en": "Case sent to another office",
            "pl": "Sprawa przekazana do innego urzędu",
            "uk": "Справу передано до іншої установи",
            "ru": "Дело передано в другое учреждение",
            "vi": "Hồ sơ đã được chuyển sang cơ quan khác",
        },
        "case_closed": {
            "en": "Case closed",
            "pl": "Sprawa zakończona",
            "uk": "Справу закрито",
            "ru": "Дело закрыто",
            "vi": "Hồ sơ đã được đóng",
        },
        "access_code_reissued": {
            "en": "New access code issued",
            "pl": "Wydano nowy kod dostępu",
            "uk": "Видано новий код доступу",
            "ru": "Выдан новый код доступа",
            "vi": "Đã cấp mã truy cập mới",
        },
    },
    "summons": {
        "formal-deficiencies": {
            "en": "Complete your application (formal deficiencies)",
            "pl": "Uzupełnij wniosek (wezwanie do usunięcia braków formalnych)",
            "uk": "Доповніть заяву (формальні недоліки)",
            "ru": "Дополните заявление (формальные недостатки)",
            "vi": "Hãy bổ sung đơn của bạn (thiếu sót về hình thức)",
        },
        "evidence": {
            "en": "Send the evidence the office asks for",
            "pl": "Prześlij dowody, o które prosi urząd",
            "uk": "Надішліть докази, яких вимагає воєводське управління",
            "ru": "Отправьте доказательства, которые запрашивает воеводское управление",
            "vi": "Hãy gửi giấy tờ chứng minh mà Văn phòng Tỉnh trưởng yêu cầu",
        },
        "personal-appearance": {
            "en": "Come to the office in person",
            "pl": "Przyjdź osobiście do urzędu",
            "uk": "Прийдіть до воєводського управління особисто",
            "ru": "Придите в воеводское управление лично",
            "vi": "Hãy đến Văn phòng Tỉnh trưởng trực tiếp",
        },
        "fingerprints": {
            "en": "Come to the office to give your fingerprints",
            "pl": "Przyjdź do urzędu, aby złożyć odciski palców",
            "uk": "Прийдіть до воєводського управління, щоб здати відбитки пальців",
            "ru": "Придите в воеводское управление, чтобы сдать отпечатки пальцев",
            "vi": "Hãy đến Văn phòng Tỉnh trưởng để lấy dấu vân tay",
        },
    },
    "if_missed": {
        "formal-deficiencies": {
            "en": "If you do not complete the application by this date, it is left unconsidered: "
            "the office will not decide on it.",
            "pl": "Jeśli nie uzupełnisz wniosku do tego dnia, zostanie on pozostawiony bez "
            "rozpoznania: urząd nie wyda decyzji w jego sprawie.",
            "uk": "Якщо ви не доповните заяву до цієї дати, її буде залишено без розгляду: "
            "воєводське управління не ухвалить щодо неї рішення.",
            "ru": "Если вы не дополните заявление до этой даты, оно будет оставлено без "
            "рассмотрения: воеводское управление не примет по нему решения.",
            "vi": "Nếu đến ngày này bạn vẫn chưa bổ sung đơn, đơn sẽ không được xem xét: "
            "Văn phòng Tỉnh trưởng sẽ không ra quyết định về đơn này.",
        },
        "evidence": {
            "en": "If you do not send it by this date, the office decides on what it has, which "
            "may mean a refusal.",
            "pl": "Jeśli nie prześlesz dowodów do tego dnia, urząd wyda decyzję na podstawie "
            "tego, co ma. Może to oznaczać odmowę.",
            "uk": "Якщо ви не надішлете докази до цієї дати, воєводське управління ухвалить "
            "рішення на "
            "підставі того, що має. Це може означати відмову.",
            "ru": "Если вы не отправите доказательства до этой даты, воеводское управление "
            "примет решение "
            "на основании того, что у него есть. Это может означать отказ.",
            "vi": "Nếu đến ngày này bạn vẫn chưa gửi giấy tờ chứng minh, Văn phòng Tỉnh trưởng "
            "sẽ ra quyết "
            "định dựa trên những gì đang có. Quyết định đó có thể là từ chối.",
        },
        "personal-appearance": {
            "en": "If you do not come, the office may leave your application unconsidered.",
            "pl": "Jeśli nie przyjdziesz, urząd może pozostawić Twój wniosek bez rozpoznania.",
            "uk": "Якщо ви не прийдете, воєводське управління може залишити вашу заяву без "
            "розгляду.",
            "ru": "Если вы не придёте, воеводское управление может оставить ваше заявление "
            "без рассмотрения.",
            "vi": "Nếu bạn không đến, đơn của bạn có thể sẽ không được xem xét.",
        },
        "fingerprints": {
            "en": "If you do not come, the office may leave your application unconsidered.",
            "pl": "Jeśli nie przyjdziesz, urząd może pozostawić Twój wniosek bez rozpoznania.",
            "uk": "Якщо ви не прийдете, воєводське управління може залишити вашу заяву без "
            "розгляду.",
            "ru": "Если вы не придёте, воеводское управление может оставить ваше заявление "
            "без рассмотрения.",
            "vi": "Nếu bạn không đến, đơn của bạn có thể sẽ không được xem xét.",
        },
    },
    "outcome": {
        "granted": {
            "en": "Permit granted",
            "pl": "Udzielenie zezwolenia",
            "uk": "Дозвіл надано",
            "ru": "Разрешение выдано",
            "vi": "Đã cấp giấy phép",
        },
        "refused": {
            "en": "Permit refused",
            "pl": "Odmowa udzielenia zezwolenia",
            "uk": "Відмовлено в наданні дозволу",
            "ru": "Отказано в выдаче разрешения",
            "vi": "Từ chối cấp giấy phép",
        },
        "discontinued": {
            "en": "Proceedings discontinued",
            "pl": "Umorzenie postępowania",
            "uk": "Провадження припинено",
            "ru": "Производство прекращено",
            "vi": "Đình chỉ thủ tục",
        },
        "left-unconsidered": {
            "en": "Application left unconsidered",
            "pl": "Pozostawienie wniosku bez rozpoznania",
            "uk": "Заяву залишено без розгляду",
            "ru": "Заявление оставлено без рассмотрения",
            "vi": "Đơn không được xem xét",
        },
    },
    "appointment": {
        "fingerprints": {
            "en": "Giving fingerprints",
            "pl": "Złożenie odcisków palców",
            "uk": "Здавання відбитків пальців",
            "ru": "Сдача отпечатков пальцев",
            "vi": "Lấy dấu vân tay",
        },
        "personal-appearance": {
            "en": "Appearing in person",
            "pl": "Osobiste stawiennictwo",
            "uk": "Особиста явка",
            "ru": "Личная явка",
            "vi": "Trình diện trực tiếp",
        },
        "collect-card": {
            "en": "Collecting your residence card",
            "pl": "Odbiór karty pobytu",
            "uk": "Отримання посвідки на проживання",
            "ru": "Получение карты побыту (вида на жительство)",
            "vi": "Nhận thẻ cư trú của bạn",
        },
        "case-files": {
            "en": "Inspecting your case files",
            "pl": "Wgląd w akta sprawy",
            "uk": "Ознайомлення з матеріалами справи",
            "ru": "Ознакомление с материалами дела",
            "vi": "Xem tài liệu trong hồ sơ của bạn",
        },
        "other": {
            "en": "Visit at the office",
            "pl": "Wizyta w urzędzie",
            "uk": "Візит до воєводського управління",
            "ru": "Визит в воеводское управление",
            "vi": "Đến làm việc tại Văn phòng Tỉnh trưởng",
        },
    },
    "missing": {
        "photo": {
            "en": "A photo",
            "pl": "Zdjęcie",
            "uk": "Фотографія",
            "ru": "Фотография",
            "vi": "Ảnh",
        },
        "passport-copy": {
            "en": "A copy of your passport",
            "pl": "Kopia paszportu",
            "uk": "Копія паспорта",
            "ru": "Копия паспорта",
            "vi": "Bản sao hộ chiếu của bạn",
        },
        "fee-payment": {
            "en": "Proof that you paid the fee",
            "pl": "Potwierdzenie wniesienia opłaty",
            "uk": "Підтвердження сплати збору",
            "ru": "Подтверждение оплаты сбора",
            "vi": "Giấy tờ chứng minh bạn đã nộp lệ phí",
        },
        "employment-contract": {
            "en": "Your employment contract",
            "pl": "Umowa o pracę",
            "uk": "Ваш трудовий договір",
            "ru": "Ваш трудовой договор",
            "vi": "Hợp đồng lao động của bạn",
        },
        "health-insurance": {
            "en": "Proof of health insurance",
            "pl": "Potwierdzenie ubezpieczenia zdrowotnego",
            "uk": "Підтвердження медичного страхування",
            "ru": "Подтверждение медицинского страхования",
            "vi": "Giấy tờ chứng minh có bảo hiểm y tế",
        },
        "accommodation": {
            "en": "Proof of where you live",
            "pl": "Potwierdzenie miejsca zamieszkania",
            "uk": "Підтвердження місця проживання",
            "ru": "Подтверждение места проживания",
            "vi": "Giấy tờ chứng minh nơi bạn ở",
        },
        "income-proof": {
            "en": "Proof of income",
            "pl": "Potwierdzenie dochodów",
            "uk": "Підтвердження доходу",
            "ru": "Подтверждение дохода",
            "vi": "Giấy tờ chứng minh thu nhập",
        },
        "study-certificate": {
            "en": "A certificate from your school or university",
            "pl": "Zaświadczenie ze szkoły lub uczelni",
            "uk": "Довідка зі школи або університету",
            "ru": "Справка из школы или университета",
            "vi": "Giấy xác nhận của trường học hoặc trường đại học của bạn",
        },
        "family-documents": {
            "en": "Documents about your family (for example a marriage or birth certificate)",
            "pl": "Dokumenty dotyczące Twojej rodziny (na przykład akt małżeństwa lub akt "
            "urodzenia)",
            "uk": "Документи про вашу родину (наприклад, свідоцтво про шлюб або свідоцтво про "
            "народження)",
            "ru": "Документы о вашей семье (например, свидетельство о браке или свидетельство "
            "о рождении)",
            "vi": "Giấy tờ về gia đình bạn (ví dụ: giấy chứng nhận kết hôn hoặc giấy khai sinh)",
        },
        "power-of-attorney": {
            "en": "A power of attorney",
            "pl": "Pełnomocnictwo",
            "uk": "Довіреність",
            "ru": "Доверенность",
            "vi": "Giấy ủy quyền",
        },
        "signature": {
            "en": "Your signature on the application",
            "pl": "Twój podpis na wniosku",
            "uk": "Ваш підпис на заяві",
            "ru": "Ваша подпись на заявлении",
            "vi": "Chữ ký của bạn trên đơn",
        },
        "other": {
            "en": "Another document (see the office's note)",
            "pl": "Inny dokument (zobacz uwagę urzędu)",
            "uk": "Інший документ (див. примітку воєводського управління)",
            "ru": "Другой документ (см. примечание воеводского управления)",
            "vi": "Giấy tờ khác (xem ghi chú của Văn phòng Tỉnh trưởng)",
        },
    },
    "notice": {
        "appeal": {
            "en": "You can appeal within 14 days of receiving the decision. You file the appeal "
            "through the voivode.",
            "pl": "Możesz wnieść odwołanie w ciągu 14 dni od dnia otrzymania decyzji. "
            "Odwołanie wnosi się za pośrednictwem wojewody.",
            "uk": "Ви можете подати апеляцію протягом 14 днів від дня отримання рішення. "
            "Апеляцію ви подаєте через воєводу.",
            "ru": "Вы можете подать апелляцию в течение 14 дней со дня получения решения. "
            "Апелляцию вы подаёте через воеводу.",
            "vi": "Bạn có thể khiếu nại trong vòng 14 ngày kể từ ngày nhận được quyết định. "
            "Bạn nộp đơn khiếu nại thông qua tỉnh trưởng (wojewoda).",
        },
        "leave": {
            "en": "After a final refusal, you have 30 days to leave Poland.",
            "pl": "Po ostatecznej decyzji odmownej masz 30 dni na wyjazd z Polski.",
            "uk": "Після остаточної відмови у вас є 30 днів, щоб виїхати з Польщі.",
            "ru": "После окончательного отказа у вас есть 30 дней, чтобы выехать из Польши.",
            "vi": "Sau quyết định từ chối cuối cùng, bạn có 30 ngày để rời khỏi Ba Lan.",
        },
        "late": {
            "en": "If the office is late, it must tell you the new date and why. You may complain "
            "to the Head of the Office for Foreigners.",
            "pl": "Jeśli urząd nie załatwi sprawy w terminie, musi Cię poinformować o nowym "
            "terminie i o przyczynie zwłoki. Możesz złożyć ponaglenie do Szefa Urzędu do Spraw "
            "Cudzoziemców.",
            "uk": "Якщо воєводське управління не розглядає справу вчасно, воно має повідомити вам "
            "нову дату і причину. Ви можете поскаржитися Керівникові Управління у справах "
            "іноземців.",
            "ru": "Если воеводское управление не рассматривает дело в срок, оно должно сообщить "
            "вам новую дату и причину. Вы можете пожаловаться Руководителю Управления по делам "
            "иностранцев.",
            "vi": "Nếu Văn phòng Tỉnh trưởng không giải quyết đúng hạn, cơ quan này phải báo "
            "cho bạn ngày mới và lý do. Bạn có thể gửi đơn thúc giục (ponaglenie) lên Cục trưởng "
            "Cục Người nước ngoài.",
        },
    },
}


def label(group: str, code: str, language: str) -> str:
    texts = LABELS[group].get(code)
    if texts is None:
        return code
    return texts.get(language) or texts["en"]
