"""The add-in in French and Chinese UIs: Function Wizard texts from the table, same results, localized handle text,
and the job service's refusals in the UI language."""
import json
import os
import shutil
import tempfile
import unittest

from common import OfficeTestCase, ROOT, crmoffice  # first: it tells the UNO bridge the extension's types
import spec_reference as spec
import uno  # noqa: E402
from com.sun.star.lang import IllegalArgumentException  # noqa: E402
from crmoffice import props  # noqa: E402

TABLE = json.load(open(os.path.join(ROOT, "idl", "functions.json"), encoding="utf-8"))
LANG_OF_LOCALE = {"en-US": "en-US", "fr-FR": "fr", "zh-CN": "zh-CN", "zh-TW": "zh-TW"}


def wizard_entries(office):
    """The Function Wizard's view of our functions: name -> (description, [(arg name, arg help, optional)])."""
    fd = office.smgr.createInstanceWithContext("com.sun.star.sheet.FunctionDescriptions", office.ctx)
    entries = {}
    for i in range(fd.getCount()):
        d = {pv.Name: pv.Value for pv in fd.getByIndex(i)}
        if str(d.get("Name", "")).startswith("CRM_"):
            entries[d["Name"]] = (d["Description"],
                                  [(a.Name, a.Description, a.IsOptional) for a in d["Arguments"]])
    return entries


NBSP = "\u00a0"  # French puts a no-break space inside « » and before : and ;

# What the job service says when it refuses a call, per UI language: written out here, not read from the
# table, so that a wrong or missing translation fails. Option and sheet names stay as the caller gave them.
REFUSALS = {
    "en-US": {
        "per_day": "MaxVisitsPerDay must be a whole number from 1 to 100",
        "not_a_number": "option Year must be a number",
        "unknown_option": "unknown option 'Colour'",
        "no_sheet": "there is no sheet named 'Nope'",
        "no_customer_row": "the sheet 'Empty' has no customer row with sales",
        "no_customer_sheet": "no sheet with customers and a sales column was found: name it with the option "
                             "CustomerSheet",
        "not_transactions": "the sheet 'Empty' has no customer id, date and amount columns",
        "method": 'Method must be "pareto", "count" or "growth"',
        "shares": "AShare and BShare must satisfy 0 < AShare ≤ BShare ≤ 1",
        "not_a_date": "option Holidays: 'bientôt' is not a date",
        "no_schedule": "no visit schedule in this document: run Plan visits first",
        "not_a_file_url": "not a file URL: http://example.com/v.ics",
        "cannot_write": "cannot write /nonexistent-calc-crm/v.ics",
        "no_positive_sales": 'no customer has sales above 0, so the Pareto tiers have no total to share: check the '
                             'sales column, or use Method "count"',
        "minutes": "VisitMinutesA must be from 1 to 1440 minutes",
        "schedule_row": "row 2 of the sheet '{sheet}' holds a visit no calendar can take: its date, arrival time or "
                        "length is not valid (years 0 to 9999)",
    },
    "fr": {
        "per_day": "MaxVisitsPerDay doit être un nombre entier de 1 à 100",
        "not_a_number": "l'option Year doit être un nombre",
        "unknown_option": "l'option «{0}Colour{0}» n'existe pas".format(NBSP),
        "no_sheet": "il n'y a pas de feuille nommée «{0}Nope{0}»".format(NBSP),
        "no_customer_row": "la feuille «{0}Empty{0}» n'a aucune ligne de client avec un chiffre d'affaires".format(NBSP),
        "no_customer_sheet": "aucune feuille de clients avec une colonne de chiffre d'affaires n'a été trouvée{0}: "
                             "indiquez-la avec l'option CustomerSheet".format(NBSP),
        "not_transactions": "la feuille «{0}Empty{0}» n'a pas de colonnes de code client, de date et de montant"
                            .format(NBSP),
        "method": "Method doit valoir «{0}pareto{0}», «{0}count{0}» ou «{0}growth{0}»".format(NBSP),
        "shares": "AShare et BShare doivent vérifier 0 < AShare ≤ BShare ≤ 1",
        "not_a_date": "option Holidays{0}: «{0}bientôt{0}» n'est pas une date".format(NBSP),
        "no_schedule": "aucun planning de visites dans ce document{0}: lancez d'abord Planifier les visites"
                       .format(NBSP),
        "not_a_file_url": "ce n'est pas une URL de fichier{0}: http://example.com/v.ics".format(NBSP),
        "cannot_write": "impossible d'écrire le fichier /nonexistent-calc-crm/v.ics",
        "no_positive_sales": "aucun client n'a de chiffre d'affaires supérieur à 0, les catégories de Pareto n'ont donc "
                             "pas de total à répartir{0}: vérifiez la colonne de chiffre d'affaires ou utilisez Method "
                             "«{0}count{0}»".format(NBSP),
        "minutes": "VisitMinutesA doit valoir de 1 à 1440{0}minutes".format(NBSP),
        "schedule_row": "la ligne 2 de la feuille «{0}{{sheet}}{0}» contient une visite qu'aucun agenda ne peut recevoir"
                        "{0}: sa date, son heure d'arrivée ou sa durée n'est pas valide (années 0 à 9999)".format(NBSP),
    },
    "zh-CN": {
        "per_day": "MaxVisitsPerDay 必须是 1 到 100 之间的整数",
        "not_a_number": "选项 Year 必须是数字",
        "unknown_option": "没有名为“Colour”的选项",
        "no_sheet": "没有名为“Nope”的工作表",
        "no_customer_row": "工作表“Empty”中没有带销售额的客户行",
        "no_customer_sheet": "没有找到含客户和销售额列的工作表：请用选项 CustomerSheet 指定",
        "not_transactions": "工作表“Empty”中没有客户编号、日期和金额列",
        "method": "Method 必须是“pareto”、“count”或“growth”",
        "shares": "AShare 和 BShare 必须满足 0 < AShare ≤ BShare ≤ 1",
        "not_a_date": "选项 Holidays：“bientôt”不是日期",
        "no_schedule": "本文档中没有拜访计划：请先运行“制定拜访计划”",
        "not_a_file_url": "不是文件 URL：http://example.com/v.ics",
        "cannot_write": "无法写入文件 /nonexistent-calc-crm/v.ics",
        "no_positive_sales": "没有销售额大于 0 的客户，帕累托分级没有可分配的总额：请检查销售额列，或使用 Method“count”",
        "minutes": "VisitMinutesA 必须在 1 到 1440 分钟之间",
        "schedule_row": "工作表“{sheet}”第 2 行的拜访无法写入日历：其日期、到达时间或时长无效（年份须在 0 到 9999 之间）",
    },
    "zh-TW": {
        "per_day": "MaxVisitsPerDay 必須是 1 到 100 之間的整數",
        "not_a_number": "選項 Year 必須是數字",
        "unknown_option": "沒有名為「Colour」的選項",
        "no_sheet": "沒有名為「Nope」的工作表",
        "no_customer_row": "工作表「Empty」中沒有帶銷售額的客戶列",
        "no_customer_sheet": "沒有找到含客戶和銷售額欄的工作表：請用選項 CustomerSheet 指定",
        "not_transactions": "工作表「Empty」中沒有客戶代號、日期和金額欄",
        "method": "Method 必須是「pareto」、「count」或「growth」",
        "shares": "AShare 和 BShare 必須滿足 0 < AShare ≤ BShare ≤ 1",
        "not_a_date": "選項 Holidays：「bientôt」不是日期",
        "no_schedule": "本文件中沒有拜訪計畫：請先執行「制定拜訪計畫」",
        "not_a_file_url": "不是檔案 URL：http://example.com/v.ics",
        "cannot_write": "無法寫入檔案 /nonexistent-calc-crm/v.ics",
        "no_positive_sales": "沒有銷售額大於 0 的客戶，帕累托分級沒有可分配的總額：請檢查銷售額欄，或使用 Method「count」",
        "minutes": "VisitMinutesA 必須在 1 到 1440 分鐘之間",
        "schedule_row": "工作表「{sheet}」第 2 列的拜訪無法寫入行事曆：其日期、抵達時間或時長無效（年份須在 0 到 9999 之間）",
    },
}

# Words of the English refusals that no other language's refusal may contain.
ENGLISH_WORDS = ("must", "unknown", "there is", "no sheet", "has no", "not a", "cannot", "run Plan visits")


class LocalizedUI:
    """Mixed into one test class per UI language."""

    def jobs(self):
        return self.office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", self.office.ctx)

    def refusal(self, call, *args):
        with self.assertRaises(IllegalArgumentException) as caught:
            call(*args)
        return caught.exception.Message

    def test_job_refusals_speak_the_language(self):
        lang = LANG_OF_LOCALE[self.locale]
        expected = REFUSALS[lang]
        doc, sheet = self.new_sheet()
        crmoffice.set_data(sheet, "A1", [["ID", "Name", "Sales 2025", "Sales rep", "City"],
                                         ["C1", "Alpha", 1000.0, "Rep 1", "Lyon"],
                                         ["C2", "Beta", 500.0, "Rep 1", "Lyon"],
                                         ["C3", "Gamma", 100.0, "Rep 1", "Paris"]])
        doc.Sheets.insertNewByName("Empty", 1)
        doc.Sheets.insertNewByName("Zero", 2)
        crmoffice.set_data(doc.Sheets.getByName("Zero"), "A1", [["ID", "Name", "Sales 2025"], ["Z1", "Zed", 0.0]])
        jobs = self.jobs()
        tmp = tempfile.mkdtemp(prefix="calc-crm-")
        self.addCleanup(shutil.rmtree, tmp, True)
        ics = uno.systemPathToFileUrl(os.path.join(tmp, "never.ics"))
        empty_doc, _ = self.new_sheet()
        cases = [
            ("per_day", "planVisits", lambda: jobs.planVisits(doc, props(Year=2027, MaxVisitsPerDay=0))),
            ("not_a_number", "planVisits", lambda: jobs.planVisits(doc, props(Year="next"))),
            ("unknown_option", "analyze", lambda: jobs.analyze(doc, props(Colour="red"))),
            ("no_sheet", "analyze", lambda: jobs.analyze(doc, props(CustomerSheet="Nope"))),
            ("no_sheet", "detectColumns", lambda: jobs.detectColumns(doc, props(TransactionSheet="Nope"))),
            ("no_customer_row", "planVisits", lambda: jobs.planVisits(doc, props(CustomerSheet="Empty"))),
            ("no_customer_sheet", "analyze", lambda: jobs.analyze(empty_doc, props())),
            ("not_transactions", "analyze", lambda: jobs.analyze(doc, props(TransactionSheet="Empty"))),
            ("method", "analyze", lambda: jobs.analyze(doc, props(Method="magic"))),
            ("shares", "analyze", lambda: jobs.analyze(doc, props(AShare=0.9, BShare=0.5))),
            ("no_positive_sales", "analyze", lambda: jobs.analyze(doc, props(CustomerSheet="Zero"))),
            ("no_positive_sales", "planVisits", lambda: jobs.planVisits(doc, props(CustomerSheet="Zero", Year=2027))),
            ("not_a_date", "planVisits", lambda: jobs.planVisits(doc, props(Year=2027, Holidays=("bientôt",)))),
            ("no_schedule", "exportCalendar", lambda: jobs.exportCalendar(doc, ics, props())),
        ]
        for key, job, call in cases:
            with self.subTest(refusal=key, job=job):
                message = self.refusal(call)
                self.assertEqual(message, job + ": " + expected[key])
                if lang != "en-US":
                    self.assertFalse([w for w in ENGLISH_WORDS if w in message], message)
        # The export's refusals need a schedule to export.
        plan = crmoffice.as_dict(jobs.planVisits(doc, props(Year=2027, VisitsA=1, VisitsB=1, VisitsC=1)))
        schedule = doc.Sheets.getByName(plan["ScheduleSheet"])
        for key, url, options in (("not_a_file_url", "http://example.com/v.ics", props()),
                                  ("cannot_write", uno.systemPathToFileUrl("/nonexistent-calc-crm/v.ics"), props()),
                                  ("minutes", ics, props(VisitMinutesA=0)),
                                  ("schedule_row", ics, props())):
            if key == "schedule_row":  # an edited schedule: a date in no calendar's range
                schedule.getCellRangeByName("A2").setValue(1e9)
            with self.subTest(refusal=key):
                message = self.refusal(jobs.exportCalendar, doc, url, options)
                self.assertEqual(message, "exportCalendar: " + expected[key].replace("{sheet}", plan["ScheduleSheet"]))
                if lang != "en-US":
                    self.assertFalse([w for w in ENGLISH_WORDS if w in message], message)

    def test_function_wizard_texts_come_from_the_table(self):
        lang = LANG_OF_LOCALE[self.locale]
        entries = wizard_entries(self.office)
        self.assertEqual(set(entries), {f["name"] for f in TABLE["functions"]})
        for f in TABLE["functions"]:
            description, args = entries[f["name"]]
            self.assertEqual(description, f["description"][lang], f["name"])
            self.assertEqual([a[0] for a in args], [p["display"][lang] for p in f["params"]], f["name"])
            self.assertEqual([a[1] for a in args], [p["help"][lang] for p in f["params"]], f["name"])

    def test_formulas_work_and_the_handle_speaks_the_language(self):
        doc, sheet = self.new_sheet()
        self.assertEqual(sheet.Name, crmoffice.LOCALES[self.locale]["sheet1"])  # the UI really is localized
        values = [100.0, 50.0, 30.0, 10.0, 5.0, 3.0, 2.0]
        crmoffice.set_data(sheet, "A1", [[v] for v in values])
        crmoffice.cell(sheet, "C1").setFormula("=CRM_COLUMN(A1:A7)")
        crmoffice.set_formulas(sheet, "B1", [["=CRM_TIER(A1;A$1:A$7)"]])
        crmoffice.fill_down(sheet, "B1", 7)
        crmoffice.set_formulas(sheet, "D1", [["=CRM_TIER(A1;$C$1)"]])
        crmoffice.fill_down(sheet, "D1", 7)
        crmoffice.recalc_all(doc)
        expected = [spec.pareto_tier(v, values) for v in values]
        got = crmoffice.get_data(sheet, "B1:D7")
        self.assertEqual([r[0] for r in got], expected)
        self.assertEqual([r[2] for r in got], expected)
        lang = LANG_OF_LOCALE[self.locale]
        template = TABLE["strings"]["column_handle"][lang]
        handle = crmoffice.cell(sheet, "C1").getString()
        self.assertTrue(handle.startswith(template.split("{count}")[0] + "7"), handle)


class FrenchUI(LocalizedUI, OfficeTestCase):
    locale = "fr-FR"


class SimplifiedChineseUI(LocalizedUI, OfficeTestCase):
    locale = "zh-CN"


class TraditionalChineseUI(LocalizedUI, OfficeTestCase):
    locale = "zh-TW"


class EnglishUI(LocalizedUI, OfficeTestCase):
    locale = "en-US"


if __name__ == "__main__":
    unittest.main()
