"""The import template a user downloads: headers, one example row, dropdowns, and a 填表说明 sheet.

Every cell is written through ``files.spreadsheets`` (``write_cell``/``append_row``): the dropdown lists
hold unit and event names that users typed, which must never become live formulas."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from entry.cells import DATE_HELP, BooleanWidget, DateWidget
from files import spreadsheets
from files.import_format import DATA_SHEET_TITLE, EXAMPLE_MARK, display_width

OPTIONS_SHEET_TITLE = "选项"
INSTRUCTIONS_SHEET_TITLE = "填表说明"
INLINE_LIST_LIMIT = 250  # Excel refuses inline lists longer than 255 characters
TEMPLATE_ROWS = spreadsheets.MAX_DATA_ROWS + 1


def _choices_of(resource, name, field) -> list[str]:
    if field.dropdown:
        return list(resource.dropdown_values(field.dropdown))
    return list(getattr(field.widget, "choices", ()) or ())


def build_template_workbook(resource) -> Workbook:
    """A template for ``resource`` as seen by its user (dropdowns list only the units they may use)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET_TITLE
    options = workbook.create_sheet(OPTIONS_SHEET_TITLE)
    options.sheet_state = "hidden"
    guide = workbook.create_sheet(INSTRUCTIONS_SHEET_TITLE)

    fields = [(name, resource.fields[name]) for name in resource.get_import_order() if name in resource.fields]
    example = resource.template_example_rows()[0]
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    required_font = Font(bold=True, color="C00000")
    option_column = 0
    for index, (name, field) in enumerate(fields, 1):
        letter = get_column_letter(index)
        cell = spreadsheets.write_cell(sheet, 1, index, field.column_name)
        cell.font = required_font if field.required else Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
        if field.help_text:
            cell.comment = Comment(field.help_text, "县妇联")
        value = example.get(name)
        if index == 1:
            value = f"{EXAMPLE_MARK}{value or ''}"
        spreadsheets.write_cell(sheet, 2, index, value)
        sheet.column_dimensions[letter].width = max(12, min(36, display_width(field.column_name) + 8))
        if field.text_format:
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
        choices = _choices_of(resource, name, field)
        if not choices:
            continue
        inline = ",".join(choices)
        # Lists drawn from the data (townships, units) grow: they always go on the hidden sheet.
        if not field.dropdown and len(inline) <= INLINE_LIST_LIMIT and not any("," in c or '"' in c for c in choices):
            formula = f'"{inline}"'
        else:
            option_column += 1
            option_letter = get_column_letter(option_column)
            for row, choice in enumerate(choices, 1):
                spreadsheets.write_cell(options, row, option_column, choice)
            formula = f"'{OPTIONS_SHEET_TITLE}'!${option_letter}$1:${option_letter}${len(choices)}"
        validation = DataValidation(type="list", formula1=formula, allow_blank=not field.required)
        validation.showErrorMessage = True
        validation.errorStyle = "stop"
        validation.errorTitle = "输入有误"
        validation.error = f"“{field.column_name}”请从下拉列表中选择。"
        validation.showInputMessage = True
        validation.promptTitle = field.column_name
        validation.prompt = "请从下拉列表中选择"[:255]
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    sheet.freeze_panes = "A2"

    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 8
    guide.column_dimensions["C"].width = 70
    spreadsheets.append_row(guide, [f"{resource.title}导入模板 填表说明"])
    guide["A1"].font = Font(bold=True, size=14)
    general = [
        f"1. 在“{DATA_SHEET_TITLE}”工作表中逐行填写，一行一条记录；第一行为列名，请勿修改、删除或增加列。",
        f"2. 第2行为示例（第一格以“{EXAMPLE_MARK}”开头），导入时自动忽略，可直接覆盖或保留。",
        f"3. 红色列名为必填项；{DATE_HELP}；“是/否”列填“是”或“否”。",
        "4. 有下拉箭头的列请从下拉列表中选择；身份证号、手机号请按文本填写（单元格已设为文本格式）。",
        f"5. 一次最多导入 {spreadsheets.MAX_DATA_ROWS} 行；只接受 .xlsx 文件（不接受含宏、加密的工作簿）。",
        "6. 导入先预览：全部行无误才可确认导入；任一行有错则整份文件都不会写入。",
        *resource.instructions,
    ]
    for line in general:
        spreadsheets.append_row(guide, [line])
    spreadsheets.append_row(guide, [])
    spreadsheets.append_row(guide, ["列名", "必填", "说明"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
    for name, field in fields:
        notes = [field.help_text] if field.help_text else []
        choices = _choices_of(resource, name, field)
        if isinstance(field.widget, DateWidget):
            notes.append(DATE_HELP)
        elif isinstance(field.widget, BooleanWidget):
            notes.append("填“是”或“否”")
        elif choices and len(choices) <= 20:
            notes.append("可选：" + "、".join(choices))
        elif choices:
            notes.append("从下拉列表中选择")
        spreadsheets.append_row(
            guide, [field.column_name, "是" if field.required else "", "；".join(n for n in notes if n)]
        )
        guide.cell(row=guide.max_row, column=3).alignment = Alignment(wrap_text=True)
    return workbook
