"""The add-in in French and Chinese UIs: Function Wizard texts from the table, same results, localized handle text."""
import json
import os
import unittest

from common import OfficeTestCase, ROOT, crmoffice
import spec_reference as spec

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


class LocalizedUI:
    """Mixed into one test class per UI language."""

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
