"""Seed the 五好 + 五有 rubric (10 criteria × 10 points; pass: total ≥ 80 and no criterion below 6) for
every category, for the year the database is created and the year before.

The data is written out here on purpose: a data migration must replay the same way years later,
whatever becomes of the app's code. Later years are copied from the latest set in the database when
first needed (services.criteria_set_for); county staff edit or add sets in the admin (e.g. 六有 or
star ratings) without a code change. ``load_demo --reset`` replays this migration after emptying
the tables.
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

DEFAULT_NAME = "“五好”“五有”评价标准"
PASS_TOTAL = Decimal("80")
PASS_MIN_PER_CRITERION = Decimal("6")
MAX_SCORE = Decimal("10")
CATEGORY_LABELS = {
    "womens_home": "“妇女之家”示范点",
    "new_organisation": "两新妇女组织示范点",
    "organ_committee": "机关妇委会示范点",
}
# (group, code, name, what counts as evidence)
CRITERIA = [
    ("五好", "WH1", "班子建设好", "妇女组织按期换届，班子成员配备齐全、分工明确；主席进入两委班子或参加党组织会议。佐证：换届备案批复、班子名单、分工文件。"),
    ("五好", "WH2", "宣传教育好", "经常开展党的方针政策、法律法规、家庭美德教育，有宣传栏、学习阵地。佐证：学习记录、宣传活动照片、宣传栏照片。"),
    ("五好", "WH3", "发挥作用好", "团结带领妇女参与经济社会发展、创业就业、志愿服务，作用明显。佐证：活动方案、服务台账、成效材料。"),
    ("五好", "WH4", "维权工作好", "设立维权岗或信访接待点，妇女儿童合法权益受侵害时及时反映、协调处理。佐证：来访登记、调处记录。"),
    ("五好", "WH5", "制度落实好", "会议、学习、联系妇女、工作报告等制度健全并上墙，执行到位。佐证：制度文本、会议记录、年度工作总结。"),
    ("五有", "WY1", "班子有活力", "班子成员年龄、学历结构合理，工作热情高，有后备干部培养。佐证：班子花名册、后备干部名单、培训记录。"),
    ("五有", "WY2", "运作有机制", "有年度工作计划和总结，有议事规则和联系妇女群众机制，按时参加上级例会。佐证：计划、总结、议事记录。"),
    ("五有", "WY3", "服务有队伍", "建立巾帼志愿者服务队等服务队伍，人员相对稳定，定期开展服务。佐证：队伍名册、服务记录及照片。"),
    ("五有", "WY4", "活动有阵地", "“妇女之家”或妇女活动场所挂牌，面积适宜、设施齐全、经常开放。佐证：场所照片、设施清单、开放记录。"),
    ("五有", "WY5", "工作有成效", "工作有特色、有品牌，妇女群众满意，受到上级表彰或推广。佐证：表彰文件、媒体报道、群众评价。"),
]


def seed(apps, schema_editor):
    CriteriaSet = apps.get_model("demo_sites", "CriteriaSet")
    Criterion = apps.get_model("demo_sites", "Criterion")
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        for category, label in CATEGORY_LABELS.items():
            criteria_set, created = CriteriaSet.objects.get_or_create(
                category=category, year=year,
                defaults={
                    "name": DEFAULT_NAME, "pass_total": PASS_TOTAL, "pass_min_per_criterion": PASS_MIN_PER_CRITERION,
                    "notes": f"{label}：十项各10分，满分100分；总分不低于80分且任一项不低于6分为达标。",
                },
            )
            if created:
                Criterion.objects.bulk_create(
                    [
                        Criterion(criteria_set=criteria_set, group=group, code=code, name=name, description=text,
                                  max_score=MAX_SCORE, order=order)
                        for order, (group, code, name, text) in enumerate(CRITERIA, start=1)
                    ]
                )


def unseed(apps, schema_editor):
    CriteriaSet = apps.get_model("demo_sites", "CriteriaSet")
    CriteriaSet.objects.filter(applications__isnull=True, name=DEFAULT_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("demo_sites", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
