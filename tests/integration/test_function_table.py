"""The one function table, the type library built from it and what Calc registers all agree."""
import json
import os
import re
import subprocess
import unittest

from common import BUILD, OfficeTestCase, ROOT, crmoffice, crmpaths
from test_models import cdnow_rows
from test_localized import wizard_entries

TABLE = json.load(open(os.path.join(ROOT, "idl", "functions.json"), encoding="utf-8"))
SDK_BIN = crmpaths.sdk_bin_dir()
PROGRAM = crmpaths.program_dir()
IDL_TYPE = {"number": "double", "text": "string", "values": "any", "range": "any", "optional": "any",
            "optional_number": "any", "optional_range": "any"}
REQUIRED_IN_WIZARD = {"number", "text"}  # Calc shows every `any` parameter as optional
IDL_RETURN = {"string": "string", "number": "double", "array": "sequence< sequence< any > >"}


def idl_name(name):
    head, *rest = name.split("_")
    return head + "".join(p.capitalize() for p in rest)


class TypeLibraryMatchesTable(unittest.TestCase):
    def test_every_function_is_in_the_rdb_with_its_parameters(self):
        rdb = os.path.join(BUILD, "calc-crm.rdb")
        out = subprocess.run([os.path.join(SDK_BIN, "unoidl-read"), PROGRAM + "/types.rdb",
                              PROGRAM + "/types/offapi.rdb", rdb], capture_output=True, text=True, check=True).stdout
        methods = {}
        for m in re.finditer(r"^\s*(.+?) (\w+)\((.*)\);$", out, re.M):
            methods[m.group(2)] = (m.group(1), m.group(3))
        for f in TABLE["functions"]:
            self.assertIn(f["method"], methods)
            returns, params = methods[f["method"]]
            self.assertEqual(returns, IDL_RETURN[f["returns"]], f["name"])
            expected = (["[in] ::com::sun::star::beans::XPropertySet document"] if f.get("document") else []) + \
                [f"[in] {IDL_TYPE[p['type']]} {idl_name(p['name'])}" for p in f["params"]]
            self.assertEqual([p.strip() for p in params.split(",")], expected, f["name"])


class CalcRegistersTheTable(OfficeTestCase):
    def test_names_argument_counts_and_optionality(self):
        entries = wizard_entries(self.office)
        for f in TABLE["functions"]:
            self.assertIn(f["name"], entries)
            _, args = entries[f["name"]]
            self.assertEqual(len(args), len(f["params"]), f["name"])
            for (name, _, optional), p in zip(args, f["params"]):
                self.assertEqual(bool(optional), p["type"] not in REQUIRED_IN_WIZARD, f"{f['name']}.{p['name']}")

    def test_every_function_is_callable_by_its_compatibility_name(self):
        doc, sheet = self.new_sheet()
        sheet.getCellRangeByName("A1").setValue(10)
        crmoffice.set_data(sheet, "E1", cdnow_rows()[:30])  # the BG/NBD fit needs enough customers to converge
        calls = {"CRM_COLUMN": "=CRM_COLUMN(A1)", "CRM_TIER": "=CRM_TIER(A1;A1)",
                 "CRM_TIERS": "=CRM_TIERS(A1)", "CRM_TIER_COUNT": "=CRM_TIER_COUNT(A1;A1)",
                 "CRM_TIER_GROWTH": "=CRM_TIER_GROWTH(0.3;0;0)", "CRM_PARETO_SHARE": "=CRM_PARETO_SHARE(A1;A1)",
                 "CRM_GROWTH": "=CRM_GROWTH(2;1)", "CRM_CAGR": "=CRM_CAGR(1;4;2)",
                 "CRM_RFM": "=CRM_RFM(1;1;1;A1;A1;A1)", "CRM_RFM_SEGMENT": "=CRM_RFM_SEGMENT(5;5)",
                 "CRM_LOYALTY": "=CRM_LOYALTY(A1;A1)", "CRM_RETENTION": "=CRM_RETENTION(10;9;1)",
                 "CRM_CHURN": "=CRM_CHURN(10;9;1)", "CRM_BGNBD_FIT": "=CRM_BGNBD_FIT(E1:E30;F1:F30;G1:G30)",
                 "CRM_PALIVE": "=CRM_PALIVE(2;30;39;0.24;4.4;0.79;2.4)",
                 "CRM_EXPECTED_PURCHASES": "=CRM_EXPECTED_PURCHASES(39;2;30;39;0.24;4.4;0.79;2.4)",
                 "CRM_PNBD_FIT": "=CRM_PNBD_FIT(E1:E30;F1:F30;G1:G30;0.01)",
                 "CRM_PNBD_PALIVE": "=CRM_PNBD_PALIVE(2;30;39;0.55;10.58;0.61;11.67)",
                 "CRM_PNBD_EXPECTED_PURCHASES": "=CRM_PNBD_EXPECTED_PURCHASES(39;2;30;39;0.55;10.58;0.61;11.67)",
                 "CRM_MBGNBD_FIT": "=CRM_MBGNBD_FIT(E1:E30;F1:F30;G1:G30;0.01)",
                 "CRM_MBGNBD_PALIVE": "=CRM_MBGNBD_PALIVE(2;30;39;0.52;6.18;0.89;1.61)",
                 "CRM_MBGNBD_EXPECTED_PURCHASES": "=CRM_MBGNBD_EXPECTED_PURCHASES(39;2;30;39;0.52;6.18;0.89;1.61)",
                 "CRM_BGBB_FIT": "=CRM_BGBB_FIT({0;1;2;3;6};{0;1;5;6;6};{6;6;6;6;6};{120;40;30;35;45};0.01)",
                 "CRM_BGBB_PALIVE": "=CRM_BGBB_PALIVE(2;4;6;1.2;0.75;0.66;2.78)",
                 "CRM_BGBB_EXPECTED_PURCHASES": "=CRM_BGBB_EXPECTED_PURCHASES(5;2;4;6;1.2;0.75;0.66;2.78)",
                 "CRM_GG_FIT": "=CRM_GG_FIT({1;2;3;4;5;6};{10;30;15;25;12;40})",
                 "CRM_EXPECTED_VALUE": "=CRM_EXPECTED_VALUE(2;30;6;4;15)", "CRM_MARGIN": "=CRM_MARGIN(10;6)",
                 "CRM_PROFIT": "=CRM_PROFIT(10;6)", "CRM_CLV": "=CRM_CLV(100;0.8;0.1)",
                 "CRM_CLV_MODEL": "=CRM_CLV_MODEL(10;2;30;39;20;0.24;4.4;0.79;2.4;6;4;15)",
                 "CRM_VISITS_PER_YEAR": "=CRM_VISITS_PER_YEAR(\"A\")",
                 "CRM_NEXT_VISIT": "=CRM_NEXT_VISIT(45000;\"B\")"}
        self.assertEqual(set(calls), {f["name"] for f in TABLE["functions"]})
        for i, (name, formula) in enumerate(sorted(calls.items())):
            c = sheet.getCellByPosition(2, i)
            c.setFormula(formula)
            self.assertEqual(c.getError(), 0, name)
            self.assertNotIn("#NAME", c.getString(), name)


if __name__ == "__main__":
    unittest.main()
