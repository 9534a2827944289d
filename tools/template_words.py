"""The words of the shareable templates (tools/make_templates.py), in the four languages: headers, sheet names,
example places, people and products, holidays, and the instructions sheets. The words the jobs also write (Tier,
Growth, Visits 2027, ...) are not here: they come from idl/functions.json "strings" (JOB_WORDS), the one table the
extension itself uses."""
import json
import os

from crmpaths import ROOT

with open(os.path.join(ROOT, "idl", "functions.json"), encoding="utf-8") as f:
    JOB_WORDS = json.load(f)["strings"]

# Words of the templates that the jobs do not write. Source-sheet headers are chosen among the synonyms the
# column detection knows (src/core/columns.cpp), so the jobs read a filled template without any mapping.
WORDS = {
    "id": {"en-US": "ID", "fr": "N° client", "zh-CN": "客户编号", "zh-TW": "客戶編號"},
    "name": {"en-US": "Name", "fr": "Nom", "zh-CN": "客户名称", "zh-TW": "客戶名稱"},
    "city": {"en-US": "City", "fr": "Ville", "zh-CN": "城市", "zh-TW": "城市"},
    "region": {"en-US": "Region", "fr": "Région", "zh-CN": "区域", "zh-TW": "區域"},
    "latitude": {"en-US": "Latitude", "fr": "Latitude", "zh-CN": "纬度", "zh-TW": "緯度"},
    "longitude": {"en-US": "Longitude", "fr": "Longitude", "zh-CN": "经度", "zh-TW": "經度"},
    "rep": {"en-US": "Sales rep", "fr": "Commercial", "zh-CN": "销售代表", "zh-TW": "銷售代表"},
    "sales_year": {"en-US": "Sales {year}", "fr": "CA {year}", "zh-CN": "{year}年销售额", "zh-TW": "{year}年銷售額"},
    "cost_year": {"en-US": "Cost {year}", "fr": "Coût {year}", "zh-CN": "{year}年成本", "zh-TW": "{year}年成本"},
    "last_visit": {"en-US": "Last visit", "fr": "Dernière visite", "zh-CN": "上次拜访日期", "zh-TW": "上次拜訪日期"},
    "orders": {"en-US": "Orders per year", "fr": "Commandes par an", "zh-CN": "年订单数", "zh-TW": "年訂單數"},
    "referrals": {"en-US": "Referrals", "fr": "Recommandations", "zh-CN": "转介绍数", "zh-TW": "轉介紹數"},
    "suggestions": {"en-US": "Suggestions", "fr": "Suggestions", "zh-CN": "建议数", "zh-TW": "建議數"},
    "product_lines": {"en-US": "Product lines", "fr": "Gammes achetées", "zh-CN": "产品线数", "zh-TW": "產品線數"},
    "wallet": {"en-US": "Share of wallet", "fr": "Part de portefeuille", "zh-CN": "采购份额", "zh-TW": "採購份額"},
    "loyalty": {"en-US": "Loyalty index", "fr": "Indice de fidélité", "zh-CN": "忠诚度指数", "zh-TW": "忠誠度指數"},
    "handle_of": {"en-US": "← {what}", "fr": "← {what}", "zh-CN": "← {what}", "zh-TW": "← {what}"},
    "signals": {"en-US": "loyalty signals", "fr": "signaux de fidélité", "zh-CN": "忠诚度信号", "zh-TW": "忠誠度訊號"},
    # Transactions log.
    "customer_id": {"en-US": "Customer ID", "fr": "N° client", "zh-CN": "客户编号", "zh-TW": "客戶編號"},
    "date": {"en-US": "Date", "fr": "Date", "zh-CN": "日期", "zh-TW": "日期"},
    "amount": {"en-US": "Amount", "fr": "Montant", "zh-CN": "金额", "zh-TW": "金額"},
    "cost": {"en-US": "Cost", "fr": "Coût", "zh-CN": "成本", "zh-TW": "成本"},
    "product": {"en-US": "Product", "fr": "Produit", "zh-CN": "产品", "zh-TW": "產品"},
    "sheet_transactions": {"en-US": "Transactions", "fr": "Transactions", "zh-CN": "交易记录", "zh-TW": "交易紀錄"},
    "sheet_per_customer": {"en-US": "Per customer", "fr": "Par client", "zh-CN": "按客户汇总", "zh-TW": "按客戶彙總"},
    "as_of": {"en-US": "As of", "fr": "Date d'arrêté", "zh-CN": "截止日期", "zh-TW": "截止日期"},
    "first_order": {"en-US": "First order", "fr": "Première commande", "zh-CN": "首次下单", "zh-TW": "首次下單"},
    "last_order": {"en-US": "Last order", "fr": "Dernière commande", "zh-CN": "最近下单", "zh-TW": "最近下單"},
    "total_amount": {"en-US": "Total amount", "fr": "Montant total", "zh-CN": "累计金额", "zh-TW": "累計金額"},
    "bgnbd_fit": {"en-US": "BG/NBD fit", "fr": "Ajustement BG/NBD", "zh-CN": "BG/NBD 拟合", "zh-TW": "BG/NBD 擬合"},
    # Visit plan.
    "sheet_next_visits": {"en-US": "Next visits", "fr": "Prochaines visites", "zh-CN": "下次拜访", "zh-TW": "下次拜訪"},
    "holidays": {"en-US": "Holidays", "fr": "Jours fériés", "zh-CN": "节假日", "zh-TW": "國定假日"},
    "holiday": {"en-US": "Holiday", "fr": "Fête", "zh-CN": "节日", "zh-TW": "節日"},
    "sheet_instructions": {"en-US": "Instructions", "fr": "Mode d'emploi", "zh-CN": "使用说明", "zh-TW": "使用說明"},
    # Document titles (the File ▸ New ▸ Templates dialog shows them) and the category of the four folders.
    "title_customer-list": {"en-US": "Customer list", "fr": "Liste de clients", "zh-CN": "客户名单",
                            "zh-TW": "客戶名單"},
    "title_transactions-log": {"en-US": "Transactions log", "fr": "Journal des ventes", "zh-CN": "交易记录",
                               "zh-TW": "交易紀錄"},
    "title_visit-plan": {"en-US": "Visit plan", "fr": "Plan de visites", "zh-CN": "拜访计划", "zh-TW": "拜訪計畫"},
    # The note on each template's first sheet, for a colleague whose LibreOffice has no calc-crm.
    "note_needs_calc_crm": {
        "en-US": "The results in this file are examples saved by calc-crm, shown as they were saved. The CRM_ "
                 "formulas are live only with the calc-crm extension (Tools ▸ Extension Manager): without it, "
                 "LibreOffice cannot compute new results and shows an error in a recalculated cell.",
        "fr": "Les résultats de ce fichier sont des exemples enregistrés par calc-crm, affichés tels qu'enregistrés. "
              "Les formules CRM_ ne calculent qu'avec l'extension calc-crm (Outils ▸ Gestionnaire des extensions) : "
              "sans elle, LibreOffice ne peut pas calculer de nouveaux résultats et affiche une erreur dans une "
              "cellule recalculée.",
        "zh-CN": "本文件中的结果是 calc-crm 保存的示例，按保存时的样子显示。CRM_ 公式只有安装了 calc-crm 扩展"
                 "（工具 ▸ 扩展管理器）才能实时计算：没有该扩展时，LibreOffice 无法计算新的结果，重新计算的单元格会显示错误。",
        "zh-TW": "本檔案中的結果是 calc-crm 儲存的範例，依儲存時的樣子顯示。CRM_ 公式只有安裝了 calc-crm 擴充套件"
                 "（工具 ▸ 擴充套件管理員）才能即時計算：沒有該擴充套件時，LibreOffice 無法計算新的結果，重新計算的儲存格會顯示錯誤。",
    },
    "category": {"en-US": "Customer management (calc-crm)", "fr": "Gestion des clients (calc-crm)",
                 "zh-CN": "客户管理 (calc-crm)", "zh-TW": "客戶管理 (calc-crm)"},
}

HOLIDAYS = {   # public holidays of PLAN_YEAR (2027) as (month, day, name); US days as observed
    "en-US": [(1, 1, "New Year's Day"), (1, 18, "Martin Luther King Jr. Day"), (2, 15, "Presidents' Day"),
              (5, 31, "Memorial Day"), (6, 18, "Juneteenth (observed)"), (7, 5, "Independence Day (observed)"),
              (9, 6, "Labor Day"), (10, 11, "Columbus Day"), (11, 11, "Veterans Day"),
              (11, 25, "Thanksgiving Day"), (12, 24, "Christmas Day (observed)")],
    "fr": [(1, 1, "Jour de l'an"), (3, 29, "Lundi de Pâques"), (5, 1, "Fête du Travail"), (5, 6, "Ascension"),
           (5, 8, "Victoire 1945"), (5, 17, "Lundi de Pentecôte"), (7, 14, "Fête nationale"), (8, 15, "Assomption"),
           (11, 1, "Toussaint"), (11, 11, "Armistice 1918"), (12, 25, "Noël")],
    # Statutory days only (the make-up working days of the official calendar are not listed).
    "zh-CN": [(1, 1, "元旦"), (2, 5, "春节（除夕）"), (2, 6, "春节"), (2, 7, "春节"), (2, 8, "春节"),
              (4, 5, "清明节"), (5, 1, "劳动节"), (5, 2, "劳动节"), (6, 9, "端午节"), (9, 15, "中秋节"),
              (10, 1, "国庆节"), (10, 2, "国庆节"), (10, 3, "国庆节")],
    "zh-TW": [(1, 1, "開國紀念日"), (2, 5, "農曆除夕"), (2, 6, "春節"), (2, 7, "春節"), (2, 8, "春節"),
              (2, 28, "和平紀念日"), (4, 4, "兒童節"), (4, 5, "清明節"), (5, 1, "勞動節"), (6, 9, "端午節"),
              (9, 15, "中秋節"), (9, 28, "教師節"), (10, 10, "國慶日"), (10, 25, "臺灣光復暨金門古寧頭大捷紀念日"),
              (12, 25, "行憲紀念日")],
}

# Places of each language's example territory: (city, region, latitude, longitude).
CITIES = {
    "en-US": [("Boston", "Massachusetts", 42.3601, -71.0589), ("Cambridge", "Massachusetts", 42.3736, -71.1097),
              ("Worcester", "Massachusetts", 42.2626, -71.8023), ("Providence", "Rhode Island", 41.8240, -71.4128),
              ("Hartford", "Connecticut", 41.7658, -72.6734), ("New Haven", "Connecticut", 41.3083, -72.9279)],
    "fr": [("Paris", "Île-de-France", 48.8566, 2.3522), ("Versailles", "Île-de-France", 48.8049, 2.1204),
           ("Lyon", "Auvergne-Rhône-Alpes", 45.7640, 4.8357), ("Grenoble", "Auvergne-Rhône-Alpes", 45.1885, 5.7245),
           ("Lille", "Hauts-de-France", 50.6292, 3.0573), ("Amiens", "Hauts-de-France", 49.8941, 2.2958)],
    "zh-CN": [("上海", "上海", 31.2304, 121.4737), ("苏州", "江苏", 31.2989, 120.5853),
              ("无锡", "江苏", 31.4912, 120.3119), ("南京", "江苏", 32.0603, 118.7969),
              ("杭州", "浙江", 30.2741, 120.1551), ("宁波", "浙江", 29.8683, 121.5440)],
    "zh-TW": [("臺北", "北部", 25.0330, 121.5654), ("新北", "北部", 25.0120, 121.4657),
              ("桃園", "北部", 24.9936, 121.3010), ("新竹", "北部", 24.8138, 120.9675),
              ("臺中", "中部", 24.1477, 120.6736), ("彰化", "中部", 24.0518, 120.5161)],
}
# Each rep covers two neighbouring cities (indexes into CITIES).
REPS = {
    "en-US": [("Emily Carter", (0, 1)), ("James Walker", (2, 3)), ("Olivia Brooks", (4, 5))],
    "fr": [("Claire Martin", (0, 1)), ("Julien Bernard", (2, 3)), ("Lucas Moreau", (4, 5))],
    "zh-CN": [("王丽", (0, 1)), ("张伟", (2, 3)), ("李娜", (4, 5))],
    "zh-TW": [("陳怡君", (0, 1)), ("林志明", (2, 3)), ("黃雅婷", (4, 5))],
}
TRADES = {
    "en-US": ["Bakery", "Pharmacy", "Garage", "Hardware", "Books", "Grill", "Florist", "Optician", "Deli",
              "Wine Shop", "Print Shop", "Stationery", "Catering", "Pastry", "Café"],
    "fr": ["Boulangerie", "Pharmacie", "Garage", "Quincaillerie", "Librairie", "Restaurant", "Fleuriste",
           "Opticien", "Épicerie fine", "Cave à vins", "Imprimerie", "Papeterie", "Traiteur", "Pâtisserie", "Café"],
    "zh-CN": ["五金店", "药房", "汽修厂", "书店", "餐厅", "花店", "眼镜店", "食品店", "酒行", "印刷厂", "文具店",
              "烘焙坊", "茶庄", "超市", "服装店"],
    "zh-TW": ["五金行", "藥局", "汽車修理廠", "書店", "餐廳", "花店", "眼鏡行", "食品行", "酒莊", "印刷廠", "文具店",
              "烘焙坊", "茶莊", "超市", "服飾店"],
}
FAMILIES = {
    "en-US": ["Miller", "Johnson", "Davis", "Lopez", "Nguyen", "Clark", "Wright", "Hall", "Young", "King", "Scott",
              "Green", "Baker", "Adams", "Hill"],
    "fr": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Durand", "Leroy", "Moreau", "Simon",
           "Laurent", "Lefebvre", "Michel", "Garcia", "Fournier"],
    "zh-CN": ["恒丰", "大华", "金鼎", "新世纪", "永安", "华联", "同德", "瑞祥", "嘉禾", "万通", "宏达", "天成", "福源",
              "长城", "鑫源"],
    "zh-TW": ["恆豐", "大華", "金鼎", "新世紀", "永安", "華聯", "同德", "瑞祥", "嘉禾", "萬通", "宏達", "天成", "福源",
              "長城", "鑫源"],
}
PRODUCTS = {
    "en-US": ["A4 paper", "Ink cartridges", "Labels", "Packaging", "Boxes", "Displays", "Kraft bags"],
    "fr": ["Papier A4", "Cartouches", "Étiquettes", "Emballages", "Caisses", "Présentoirs", "Sacs kraft"],
    "zh-CN": ["A4纸", "墨盒", "标签", "包装材料", "纸箱", "展示架", "牛皮纸袋"],
    "zh-TW": ["A4紙", "墨水匣", "標籤", "包裝材料", "紙箱", "展示架", "牛皮紙袋"],
}

INSTRUCTIONS = {
    "customer-list": {
        "en-US": [
            "Customer list: one row per customer",
            "1. Replace the example rows of the Customers sheet with your customers (keep the header row). The "
            "headers are the ones calc-crm recognises: rename a column only to another usual name (for example "
            "\"Revenue 2025\").",
            "2. Add customers below the last row and copy the formulas of the columns from Tier to Next visit "
            "down (select the last row's formulas and drag the fill handle).",
            "3. Tier: A, B or C by the 80:20 rule on the latest sales column: A is the smallest group of top "
            "customers that makes 80 % of sales, B the next 15 %, C the rest. Cumulative share: this customer "
            "and the bigger ones, as a share of all sales.",
            "4. Column handles: the cells under \"Column handles\" read a whole column once (CRM_COLUMN), so the "
            "per-row formulas stay fast on 100 000 rows. Do not delete them; the ranges reach row 1000.",
            "5. Growth compares the two sales years; Profit and Margin use the cost column; the loyalty index "
            "(0 to 100) ranks the five loyalty signals; Visits a year: A monthly, B quarterly, C yearly; Next "
            "visit: the working day when the next visit is due after the last one.",
            "6. For the full analysis (Pareto chart, RFM segments, visit plan of the year), run the calc-crm "
            "jobs Analyze and Plan visits on this sheet: they add their own sheets and never change yours.",
            "Function help: Insert ▸ Function, category Add-in, functions CRM_…",
        ],
        "fr": [
            "Liste de clients : une ligne par client",
            "1. Remplacez les lignes d'exemple de la feuille Clients par vos clients (gardez la ligne d'en-tête). "
            "Les en-têtes sont ceux que calc-crm reconnaît : ne renommez une colonne qu'en un autre nom usuel "
            "(par exemple « Chiffre d'affaires 2025 »).",
            "2. Ajoutez des clients sous la dernière ligne et recopiez vers le bas les formules des colonnes "
            "Catégorie à Prochaine visite (sélectionnez les formules de la dernière ligne et tirez la poignée "
            "de recopie).",
            "3. Catégorie : A, B ou C selon la règle des 80/20 sur la dernière année de CA : A est le plus petit "
            "groupe de meilleurs clients qui fait 80 % du CA, B les 15 % suivants, C le reste. Part cumulée : ce "
            "client et les plus gros, en part du CA total.",
            "4. Références de colonne : les cellules sous « Références de colonne » lisent une colonne entière "
            "une seule fois (CRM_COLUMN), pour que les formules de chaque ligne restent rapides même sur "
            "100 000 lignes. Ne les supprimez pas ; les plages vont jusqu'à la ligne 1000.",
            "5. Croissance : comparaison des deux années de CA ; Bénéfice et Marge : d'après la colonne Coût ; "
            "indice de fidélité (0 à 100) : rang des cinq signaux de fidélité ; Visites par an : A tous les mois, "
            "B tous les trimestres, C une fois par an ; Prochaine visite : le jour ouvré où la prochaine visite "
            "est due.",
            "6. Pour l'analyse complète (diagramme de Pareto, segments RFM, plan de visites de l'année), lancez "
            "les traitements Analyser et Planifier les visites de calc-crm sur cette feuille : ils ajoutent "
            "leurs propres feuilles et ne modifient jamais les vôtres.",
            "Aide des fonctions : Insertion ▸ Fonction, catégorie Extension, fonctions CRM_…",
        ],
        "zh-CN": [
            "客户名单：每位客户一行",
            "1. 用您的客户替换“客户”工作表中的示例行（保留标题行）。这些标题是 calc-crm 能识别的名称：如需改名，"
            "请改为其他常用名称（例如“2025年营业额”）。",
            "2. 在最后一行下方添加客户，并把“等级”到“下次拜访”各列的公式向下填充（选中最后一行的公式，拖动填充柄）。",
            "3. 等级：按最近一年销售额的 80/20 法则分为 A、B、C：A 是贡献 80% 销售额的最少的头部客户，B 是随后的 15%，"
            "C 是其余客户。累计占比：该客户及比它大的客户占总销售额的比例。",
            "4. 列句柄：“列句柄”下的单元格只读取整列一次（CRM_COLUMN），即使有 10 万行，每行公式也很快。"
            "请勿删除；引用范围到第 1000 行。",
            "5. 增长率比较两年的销售额；利润和利润率依据成本列；忠诚度指数（0 到 100）是五项忠诚度信号的排名；"
            "每年拜访次数：A 级每月一次，B 级每季度一次，C 级每年一次；下次拜访：上次拜访之后下一次应拜访的工作日。",
            "6. 如需完整分析（帕累托图、RFM 细分、全年拜访计划），请在此工作表上运行 calc-crm 的“分析”和“安排拜访”："
            "它们会新增自己的工作表，绝不修改您的数据。",
            "函数帮助：插入 ▸ 函数，类别“附加”，函数 CRM_…",
        ],
        "zh-TW": [
            "客戶名單：每位客戶一列",
            "1. 以您的客戶取代「客戶」工作表中的範例列（保留標題列）。這些標題是 calc-crm 能辨識的名稱：如需改名，"
            "請改為其他常用名稱（例如「2025年營業額」）。",
            "2. 在最後一列下方新增客戶，並將「等級」到「下次拜訪」各欄的公式向下填滿（選取最後一列的公式，拖曳填滿控點）。",
            "3. 等級：依最近一年銷售額的 80/20 法則分為 A、B、C：A 是貢獻 80% 銷售額的最少的頭部客戶，B 是其後的 15%，"
            "C 是其餘客戶。累計佔比：該客戶及比它大的客戶佔總銷售額的比例。",
            "4. 欄控制代碼：「欄控制代碼」下的儲存格只讀取整欄一次（CRM_COLUMN），即使有 10 萬列，每列公式也很快。"
            "請勿刪除；參照範圍到第 1000 列。",
            "5. 成長率比較兩年的銷售額；利潤與利潤率依據成本欄；忠誠度指數（0 到 100）是五項忠誠度訊號的排名；"
            "每年拜訪次數：A 級每月一次，B 級每季一次，C 級每年一次；下次拜訪：上次拜訪之後下一次應拜訪的工作日。",
            "6. 如需完整分析（帕累托圖、RFM 細分、全年拜訪計畫），請在此工作表上執行 calc-crm 的「分析」與「安排拜訪」："
            "它們會新增自己的工作表，絕不修改您的資料。",
            "函式說明：插入 ▸ 函式，類別「附加」，函式 CRM_…",
        ],
    },
    "transactions-log": {
        "en-US": [
            "Transactions log: one row per order",
            "1. Replace the example orders of the Transactions sheet with yours: customer ID, date, amount, and "
            "cost and product if you have them. Keep the header row.",
            "2. Per customer: list each customer ID once in column A and copy the formulas of the other "
            "columns down. The ranges reach row 500 of this sheet and row 20 000 of the orders.",
            "3. Set the \"As of\" date: the day the figures are computed for (usually today or the end of the "
            "last month).",
            "4. RFM: three scores from 1 to 5 (recency: fewer days since the last order is better; frequency: "
            "orders; monetary: total amount), and the segment (Champions, Loyal, At risk…).",
            "5. BG/NBD fit: the model of how often customers buy and when they stop, fitted on all customers "
            "(r, alpha, a, b: one cell each, INDEX of CRM_BGNBD_FIT). P(active) is the probability that a customer "
            "still buys; Expected purchases is the number of orders to expect in the next 52 weeks. Repeat "
            "purchases, t_x and T are in weeks.",
            "6. The calc-crm job Analyze reads this sheet too (option TransactionSheet) and adds RFM, P(active) "
            "and the lifetime value to its Customers sheet.",
        ],
        "fr": [
            "Journal des ventes : une ligne par commande",
            "1. Remplacez les commandes d'exemple de la feuille Transactions par les vôtres : n° client, date, "
            "montant, et coût et produit si vous les avez. Gardez la ligne d'en-tête.",
            "2. Par client : listez chaque n° client une seule fois en colonne A et recopiez vers le bas les "
            "formules des autres colonnes. Les plages vont jusqu'à la ligne 500 de cette feuille et la ligne "
            "20 000 des commandes.",
            "3. Renseignez la « Date d'arrêté » : le jour pour lequel les chiffres sont calculés (en général "
            "aujourd'hui ou la fin du dernier mois).",
            "4. RFM : trois notes de 1 à 5 (récence : moins de jours depuis la dernière commande est mieux ; "
            "fréquence : commandes ; montant : montant total), et le segment (Champions, Fidèles, À risque…).",
            "5. Ajustement BG/NBD : le modèle de la fréquence d'achat et de l'abandon des clients, ajusté sur tous "
            "les clients (r, alpha, a, b : une cellule chacun, INDEX de CRM_BGNBD_FIT). P(actif) est la "
            "probabilité que le client achète encore ; Achats attendus est le nombre de commandes attendu sur "
            "les 52 prochaines semaines. Réachats, t_x et T sont en semaines.",
            "6. Le traitement Analyser de calc-crm lit aussi cette feuille (option TransactionSheet) et ajoute le "
            "RFM, P(actif) et la valeur client à sa feuille Clients.",
        ],
        "zh-CN": [
            "交易记录：每笔订单一行",
            "1. 用您的订单替换“交易记录”工作表中的示例订单：客户编号、日期、金额，如有成本和产品也一并填写。保留标题行。",
            "2. 按客户汇总：在 A 列中每个客户编号只列一次，再把其他列的公式向下填充。引用范围到本表第 500 行、订单表第 20000 行。",
            "3. 填写“截止日期”：计算这些数字所依据的日期（通常是今天或上月月底）。",
            "4. RFM：三项 1 到 5 分的评分（最近一次购买：距上次下单天数越少越好；频率：订单数；金额：累计金额），以及细分"
            "（冠军客户、忠诚客户、流失风险客户……）。",
            "5. BG/NBD 拟合：描述客户购买频率和流失的模型，基于所有客户拟合（r、alpha、a、b：各占一个单元格，取 CRM_BGNBD_FIT 的 INDEX）。"
            "仍活跃概率是客户仍会购买的概率；未来52周预期购买次数是未来 52 周预计的订单数。复购次数、t_x 和 T 以周为单位。",
            "6. calc-crm 的“分析”也可以读取此工作表（选项 TransactionSheet），并在其“客户”工作表中加入 RFM、仍活跃概率和"
            "客户终身价值。",
        ],
        "zh-TW": [
            "交易紀錄：每筆訂單一列",
            "1. 以您的訂單取代「交易紀錄」工作表中的範例訂單：客戶編號、日期、金額，如有成本與產品也一併填寫。保留標題列。",
            "2. 按客戶彙總：在 A 欄中每個客戶編號只列一次，再將其他欄的公式向下填滿。參照範圍到本表第 500 列、訂單表第 20000 列。",
            "3. 填寫「截止日期」：計算這些數字所依據的日期（通常是今天或上個月月底）。",
            "4. RFM：三項 1 到 5 分的評分（最近一次購買：距上次下單天數越少越好；頻率：訂單數；金額：累計金額），以及細分"
            "（冠軍客戶、忠誠客戶、流失風險客戶……）。",
            "5. BG/NBD 擬合：描述客戶購買頻率與流失的模型，依所有客戶擬合（r、alpha、a、b：各占一個儲存格，取 CRM_BGNBD_FIT 的 INDEX）。"
            "仍活躍機率是客戶仍會購買的機率；未來52週預期購買次數是未來 52 週預計的訂單數。回購次數、t_x 與 T 以週為單位。",
            "6. calc-crm 的「分析」也可以讀取此工作表（選項 TransactionSheet），並在其「客戶」工作表中加入 RFM、仍活躍機率與"
            "客戶終身價值。",
        ],
    },
    "visit-plan": {
        "en-US": [
            "Visit plan: the year's visits, one row per visit",
            "1. The schedule sheet is what the calc-crm job Plan visits wrote for the example customers of the "
            "Customers sheet (year {year}, the holidays of the Next visits sheet): date, weekday, rep, stop number "
            "in the day, customer ID and name, tier, purpose, km from the previous stop, arrival time, done, "
            "location, coordinates, why the tier, last order; each rep's months and territory beside it.",
            "2. Replace the example customers with yours (keep the header row) and run Plan visits again, letting it "
            "replace the schedule: every customer gets its visits on working days, in short routes. Keep the sheet name of the "
            "form \"Visits {year}\": the job Export calendar turns this sheet into an iCalendar file (.ics) for "
            "any calendar program. Mark a visit made in the Done column.",
            "3. Next visits: for each customer, the tier (CRM_TIER on the sales of the Customers sheet), the last "
            "visit and the visits a year (CRM_VISITS_PER_YEAR: A monthly, B quarterly, C yearly) give the next "
            "visit's date (CRM_NEXT_VISIT), moved to the next working day outside the holidays.",
            "4. Holidays: the public holidays of {year} (United States) are listed; add your company's days off or "
            "replace them for another country. The range reaches row 60.",
            "5. Add customers below the last row and copy the formulas of the Tier column and the last two columns "
            "down.",
        ],
        "fr": [
            "Plan de visites : les visites de l'année, une ligne par visite",
            "1. La feuille du planning est ce que le traitement Planifier les visites de calc-crm a écrit pour les "
            "clients d'exemple de la feuille Clients (année {year}, jours fériés de la feuille Prochaines visites) : "
            "date, jour, commercial, étape dans la journée, n° et nom du client, catégorie, objet, km depuis "
            "l'étape précédente, heure d'arrivée, fait, lieu, coordonnées, pourquoi ce niveau, dernière commande ; "
            "à côté, les mois et le territoire de chaque commercial.",
            "2. Remplacez les clients d'exemple par les vôtres (gardez la ligne d'en-tête) et relancez Planifier "
            "les visites, en le laissant remplacer le planning : chaque client a toutes ses visites, les jours ouvrés, en tournées "
            "courtes. Gardez un nom de feuille de la forme « Visites {year} » : le traitement Exporter le "
            "calendrier fait de cette feuille un fichier iCalendar (.ics) pour tout agenda. Marquez une visite "
            "faite dans la colonne Fait.",
            "3. Prochaines visites : pour chaque client, la catégorie (CRM_TIER sur le CA de la feuille Clients), "
            "la dernière visite et le nombre de visites par an (CRM_VISITS_PER_YEAR : A tous les mois, B tous les "
            "trimestres, C une fois par an) donnent la date de la prochaine visite (CRM_NEXT_VISIT), reportée au "
            "jour ouvré suivant hors jours fériés.",
            "4. Jours fériés : ceux de {year} en France sont listés ; ajoutez les jours de fermeture de votre "
            "entreprise. La plage va jusqu'à la ligne 60.",
            "5. Ajoutez des clients sous la dernière ligne et recopiez vers le bas les formules de la colonne "
            "Catégorie et des deux dernières colonnes.",
        ],
        "zh-CN": [
            "拜访计划：全年的拜访，每次拜访一行",
            "1. 拜访计划工作表是 calc-crm 的“安排拜访”为“客户”工作表中的示例客户生成的（{year} 年，节假日取自“下次拜访”"
            "工作表）：日期、星期、销售代表、当天站序、客户编号和名称、等级、拜访目的、距上一站公里数、预计到达时间、"
            "已完成、地点、坐标、分级原因、最近订单；旁边是每位销售代表各月的拜访和负责区域。",
            "2. 用您的客户替换示例客户（保留标题行），再运行“安排拜访”并让它替换原计划：每位客户都在工作日得到应有的拜访，"
            "路线短。请保留“{year}年拜访计划”这样的工作表名称：“导出日历”会把此工作表导出为任何日历软件都能打开的 "
            "iCalendar 文件（.ics）。拜访完成后在“已完成”列中标记。",
            "3. 下次拜访：每位客户的等级（CRM_TIER，依据“客户”工作表的销售额）、上次拜访日期和每年拜访次数"
            "（CRM_VISITS_PER_YEAR：A 级每月一次，B 级每季度一次，C 级每年一次）得出下次拜访日期（CRM_NEXT_VISIT），"
            "遇节假日顺延到下一个工作日。",
            "4. 节假日：已列出 {year} 年的法定节假日（不含调休上班日）；请加入贵公司的休息日。引用范围到第 60 行。",
            "5. 在最后一行下方添加客户，并把“等级”列和最后两列的公式向下填充。",
        ],
        "zh-TW": [
            "拜訪計畫：全年的拜訪，每次拜訪一列",
            "1. 拜訪計畫工作表是 calc-crm 的「安排拜訪」為「客戶」工作表中的範例客戶產生的（{year} 年，國定假日取自"
            "「下次拜訪」工作表）：日期、星期、業務代表、當天站序、客戶編號與名稱、等級、拜訪目的、距上一站公里數、"
            "預計到達時間、已完成、地點、座標、分級原因、最近訂單；旁邊是每位業務代表各月的拜訪與負責區域。",
            "2. 以您的客戶取代範例客戶（保留標題列），再執行「安排拜訪」並讓它取代原計畫：每位客戶都在工作日得到應有的拜訪，"
            "路線短。請保留「{year}年拜訪計畫」這樣的工作表名稱：「匯出行事曆」會將此工作表匯出為任何行事曆軟體都能開啟的 "
            "iCalendar 檔案（.ics）。拜訪完成後在「已完成」欄中標記。",
            "3. 下次拜訪：每位客戶的等級（CRM_TIER，依據「客戶」工作表的銷售額）、上次拜訪日期與每年拜訪次數"
            "（CRM_VISITS_PER_YEAR：A 級每月一次，B 級每季一次，C 級每年一次）得出下次拜訪日期（CRM_NEXT_VISIT），"
            "遇國定假日順延到下一個工作日。",
            "4. 國定假日：已列出 {year} 年的國定假日（補假另計）；請加入貴公司的休假日。參照範圍到第 60 列。",
            "5. 在最後一列下方新增客戶，並將「等級」欄與最後兩欄的公式向下填滿。",
        ],
    },
}


def word(key, lang, **kw):
    """A template's word: from WORDS, else from the jobs' strings table."""
    table = WORDS[key] if key in WORDS else JOB_WORDS[key]
    return table[lang].format(**kw)
