// Words of the guide tools (checklists and self-checks), in each language.
export const GUIDE = {
  en: {
    ticked: "Ticked: {done} of {total}",
    clear: "Untick all",
    print: "Print this list",
    check: "Check my answer",
    choose: "Choose an answer first.",
    right: "Correct.",
    wrong: "Not quite. The answer is: {answer}",
    score: "Correct answers: {right} of {total}",
    again: "Try again"
  },
  pl: {
    ticked: "Zaznaczono: {done} z {total}",
    clear: "Odznacz wszystko",
    print: "Wydrukuj tę listę",
    check: "Sprawdź odpowiedź",
    choose: "Najpierw wybierz odpowiedź.",
    right: "Dobrze.",
    wrong: "Niezupełnie. Prawidłowa odpowiedź to: {answer}",
    score: "Dobre odpowiedzi: {right} z {total}",
    again: "Spróbuj jeszcze raz"
  },
  uk: {
    ticked: "Позначено: {done} з {total}",
    clear: "Зняти всі позначки",
    print: "Надрукувати цей список",
    check: "Перевірити відповідь",
    choose: "Спочатку виберіть відповідь.",
    right: "Правильно.",
    wrong: "Не зовсім. Правильна відповідь: {answer}",
    score: "Правильних відповідей: {right} з {total}",
    again: "Спробувати ще раз"
  },
  ru: {
    ticked: "Отмечено: {done} из {total}",
    clear: "Снять все отметки",
    print: "Распечатать этот список",
    check: "Проверить ответ",
    choose: "Сначала выберите ответ.",
    right: "Правильно.",
    wrong: "Не совсем. Правильный ответ: {answer}",
    score: "Правильных ответов: {right} из {total}",
    again: "Попробовать ещё раз"
  },
  vi: {
    ticked: "Đã đánh dấu: {done}/{total}",
    clear: "Bỏ đánh dấu tất cả",
    print: "In danh sách này",
    check: "Kiểm tra câu trả lời",
    choose: "Vui lòng chọn một câu trả lời trước.",
    right: "Đúng rồi.",
    wrong: "Chưa đúng. Câu trả lời đúng là: {answer}",
    score: "Số câu trả lời đúng: {right}/{total}",
    again: "Làm lại"
  }
};
