// Words every widget needs, in each language: failures, field errors, Polish time.
// A widget's own strings.js adds its words; `texts()` merges the two.
export const COMMON = {
  en: {
    tooMany: "Too many people are trying at the same time. Please wait a minute and try again.",
    polishTime: "Polish time",
    offline: "You seem to be offline. Check your connection and try again.",
    serverError: "Something went wrong on our side. Please try again in a few minutes.",
    fixFields: "Please correct the marked fields.",
    errors: {
      required: "Fill in this field.",
      "wrong-format": "This does not look right. Please check it.",
      "too-short": "This is too short.",
      "too-long": "This is too long.",
      "wrong-type": "This does not look right. Please check it.",
      "not-allowed-character": "This contains a character that cannot be used here, such as a line break or a tab. Please remove it."
    }
  },
  pl: {
    tooMany: "Zbyt wiele osób próbuje jednocześnie. Poczekaj minutę i spróbuj ponownie.",
    polishTime: "czas polski",
    offline: "Wygląda na to, że nie masz połączenia z internetem. Sprawdź połączenie i spróbuj ponownie.",
    serverError: "Wystąpił błąd po naszej stronie. Spróbuj ponownie za kilka minut.",
    fixFields: "Popraw zaznaczone pola.",
    errors: {
      required: "Wypełnij to pole.",
      "wrong-format": "Sprawdź, czy to pole jest wypełnione poprawnie.",
      "too-short": "Wpisany tekst jest za krótki.",
      "too-long": "Wpisany tekst jest za długi.",
      "wrong-type": "Sprawdź, czy to pole jest wypełnione poprawnie.",
      "not-allowed-character": "Tekst zawiera znak, którego nie można tu użyć, na przykład podział wiersza lub tabulator. Usuń go."
    }
  },
  uk: {
    tooMany: "Забагато людей намагаються одночасно. Зачекайте хвилину і спробуйте ще раз.",
    polishTime: "за польським часом",
    offline: "Схоже, немає з’єднання з інтернетом. Перевірте з’єднання і спробуйте ще раз.",
    serverError: "У нас сталася помилка. Спробуйте ще раз за кілька хвилин.",
    fixFields: "Виправте позначені поля.",
    errors: {
      required: "Заповніть це поле.",
      "wrong-format": "Схоже, тут помилка. Перевірте, будь ласка.",
      "too-short": "Тут замало символів.",
      "too-long": "Тут забагато символів.",
      "wrong-type": "Схоже, тут помилка. Перевірте, будь ласка.",
      "not-allowed-character": "Тут є символ, який не можна використати, наприклад перенесення рядка чи табуляція. Видаліть його, будь ласка."
    }
  },
  ru: {
    tooMany: "Слишком много людей пытаются одновременно. Подождите минуту и попробуйте ещё раз.",
    polishTime: "по польскому времени",
    offline: "Похоже, нет подключения к интернету. Проверьте подключение и попробуйте ещё раз.",
    serverError: "У нас произошла ошибка. Попробуйте ещё раз через несколько минут.",
    fixFields: "Исправьте отмеченные поля.",
    errors: {
      required: "Заполните это поле.",
      "wrong-format": "Похоже, здесь ошибка. Пожалуйста, проверьте.",
      "too-short": "Слишком мало символов.",
      "too-long": "Слишком много символов.",
      "wrong-type": "Похоже, здесь ошибка. Пожалуйста, проверьте.",
      "not-allowed-character": "Здесь есть символ, который нельзя использовать, например перенос строки или табуляция. Пожалуйста, удалите его."
    }
  },
  vi: {
    tooMany: "Có quá nhiều người đang thử cùng lúc. Vui lòng đợi một phút rồi thử lại.",
    polishTime: "giờ Ba Lan",
    offline: "Có vẻ bạn đang không có kết nối mạng. Hãy kiểm tra kết nối rồi thử lại.",
    serverError: "Đã có lỗi từ phía chúng tôi. Vui lòng thử lại sau vài phút.",
    fixFields: "Vui lòng sửa các ô được đánh dấu.",
    errors: {
      required: "Vui lòng điền ô này.",
      "wrong-format": "Thông tin này có vẻ chưa đúng. Vui lòng kiểm tra lại.",
      "too-short": "Nội dung quá ngắn.",
      "too-long": "Nội dung quá dài.",
      "wrong-type": "Thông tin này có vẻ chưa đúng. Vui lòng kiểm tra lại.",
      "not-allowed-character": "Nội dung có ký tự không dùng được ở đây, ví dụ dấu xuống dòng hoặc dấu tab. Vui lòng xóa ký tự đó."
    }
  }
};

export function texts(own, language) {
  const shared = COMMON[language];
  const mine = own[language];
  return { ...shared, ...mine, errors: { ...shared.errors, ...(mine.errors || {}) } };
}
