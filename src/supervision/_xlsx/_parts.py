"""The package parts other than the worksheets' cells: [Content_Types].xml, relationships,
document properties, workbook.xml (sheets and defined names), chart sheets, drawings and
charts (ECMA-376 Part 1: SpreadsheetML §18, DrawingML charts §21.2)."""

from __future__ import annotations

from collections.abc import Sequence

from supervision._xlsx._model import CellValue, ColumnChart, PrintSetup
from supervision._xlsx._xml import attribute, number, text

__all__ = [
    "SheetEntry",
    "app_xml",
    "chart_xml",
    "chartsheet_xml",
    "content_types_xml",
    "core_xml",
    "drawing_xml",
    "page_xml",
    "rels_xml",
    "root_rels_xml",
    "workbook_rels_xml",
    "workbook_xml",
]

HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DRAWING_MAIN = "http://schemas.openxmlformats.org/drawingml/2006/main"
CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
SHEET_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_CT = "application/vnd.openxmlformats-officedocument"
_ODREL = f"{REL}/"
#: A landscape A4 page less the default margins, in EMU (36,000 per millimetre).
PAGE_WIDTH_EMU = 9_961_200
PAGE_HEIGHT_EMU = 6_462_000


def plain(value: str) -> str:
    """Element text outside cells: ``&``, ``<``, ``>`` as entities, CR as a reference."""
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


class SheetEntry:
    """A sheet as workbook.xml lists it, with what its defined names need."""

    def __init__(self, name: str, part: str, chart: bool) -> None:
        self.name = name
        self.part = part  # "worksheets/sheet1.xml" or "chartsheets/sheet1.xml"
        self.chart = chart
        self.filter_ref = ""  # "$A$2:$P$9" once written
        self.print_titles = ""  # "$2:$2"

    @property
    def quoted(self) -> str:
        return "'" + self.name.replace("'", "''") + "'"


def content_types_xml(entries: Sequence[SheetEntry], charts: int, shared_strings: bool) -> str:
    out = [HEAD, '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
           '<Default Extension="rels" '
           'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
           '<Default Extension="xml" ContentType="application/xml"/>',
           f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.spreadsheetml.sheet.main'
           '+xml"/>']
    for entry in entries:
        kind = "chartsheet" if entry.chart else "worksheet"
        out.append(f'<Override PartName="/xl/{entry.part}" '
                   f'ContentType="{_CT}.spreadsheetml.{kind}+xml"/>')
    for n in range(1, charts + 1):
        out.append(f'<Override PartName="/xl/drawings/drawing{n}.xml" '
                   f'ContentType="{_CT}.drawing+xml"/>'
                   f'<Override PartName="/xl/charts/chart{n}.xml" '
                   f'ContentType="{_CT}.drawingml.chart+xml"/>')
    out.append(f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.spreadsheetml.styles'
               '+xml"/>')
    if shared_strings:
        out.append(f'<Override PartName="/xl/sharedStrings.xml" '
                   f'ContentType="{_CT}.spreadsheetml.sharedStrings+xml"/>')
    out.append('<Override PartName="/docProps/core.xml" '
               'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
               f'<Override PartName="/docProps/app.xml" ContentType="{_CT}.extended-properties'
               '+xml"/></Types>')
    return "".join(out)


def rels_xml(relations: Sequence[tuple[str, str]]) -> str:
    """A .rels part: (type suffix under officeDocument relationships, target), rId1 first."""
    items = "".join(
        f'<Relationship Id="rId{n}" Type="{_ODREL}{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(relations, start=1)
    )
    return f'{HEAD}<Relationships xmlns="{PKG_REL}">{items}</Relationships>'


def root_rels_xml() -> str:
    return (f'{HEAD}<Relationships xmlns="{PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_ODREL}officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_ODREL}extended-properties" '
            'Target="docProps/app.xml"/></Relationships>')


def workbook_rels_xml(entries: Sequence[SheetEntry], shared_strings: bool) -> str:
    relations = [("chartsheet" if e.chart else "worksheet", e.part) for e in entries]
    relations.append(("styles", "styles.xml"))
    if shared_strings:
        relations.append(("sharedStrings", "sharedStrings.xml"))
    return rels_xml(relations)


def core_xml(title: str, creator: str) -> str:
    return (f'{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
            '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/'
            'dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{plain(title)}</dc:title><dc:creator>{plain(creator)}</dc:creator>"
            "</cp:coreProperties>")


def app_xml(entries: Sequence[SheetEntry]) -> str:
    worksheets = [e for e in entries if not e.chart]
    charts = [e for e in entries if e.chart]
    pairs = [(label, len(group)) for label, group in (("工作表", worksheets), ("图表", charts))
             if group]
    heading = "".join(f"<vt:variant><vt:lpstr>{label}</vt:lpstr></vt:variant>"
                      f"<vt:variant><vt:i4>{count}</vt:i4></vt:variant>" for label, count in pairs)
    names = "".join(f"<vt:lpstr>{plain(e.name)}</vt:lpstr>" for e in [*worksheets, *charts])
    return (f'{HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            '2006/docPropsVTypes"><Application>supervision</Application><DocSecurity>0'
            "</DocSecurity><ScaleCrop>false</ScaleCrop>"
            f'<HeadingPairs><vt:vector size="{2 * len(pairs)}" baseType="variant">{heading}'
            f'</vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="{len(entries)}" '
            f'baseType="lpstr">{names}</vt:vector></TitlesOfParts></Properties>')


def workbook_xml(entries: Sequence[SheetEntry]) -> str:
    sheets = "".join(
        f'<sheet name="{attribute(e.name)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, e in enumerate(entries, start=1)
    )
    names = []
    for index, entry in enumerate(entries):
        if entry.filter_ref:
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" '
                         f'hidden="1">{plain(entry.quoted)}!{entry.filter_ref}</definedName>')
    for index, entry in enumerate(entries):
        if entry.print_titles:
            names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                         f"{plain(entry.quoted)}!{entry.print_titles}</definedName>")
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return (f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr/><bookViews>'
            f'<workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets>{defined}'
            '<calcPr calcId="191029"/></workbook>')


def page_xml(setup: PrintSetup | None, chart: bool = False) -> str:
    """printOptions, pageMargins, pageSetup and headerFooter, in the schema's order."""
    if setup is None:
        return ('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
                'footer="0.3"/>')
    left, right, top, bottom, header, footer = setup.margins
    out = []
    if setup.center_horizontally and not chart:
        out.append('<printOptions horizontalCentered="1"/>')
    out.append(f'<pageMargins left="{left:g}" right="{right:g}" top="{top:g}" '
               f'bottom="{bottom:g}" header="{header:g}" footer="{footer:g}"/>')
    fit = ""
    if setup.fit_width is not None and not chart:
        fit += f' fitToWidth="{setup.fit_width}"'
    if setup.fit_height is not None and not chart:
        fit += f' fitToHeight="{setup.fit_height}"'
    orientation = "landscape" if setup.landscape else "portrait"
    out.append(f'<pageSetup paperSize="{setup.paper_size}"{fit} orientation="{orientation}"/>')
    if setup.footer:
        out.append(f"<headerFooter><oddFooter>{plain(setup.footer)}</oddFooter></headerFooter>")
    return "".join(out)


def chartsheet_xml(setup: PrintSetup) -> str:
    return (f'{HEAD}<chartsheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr/><sheetViews>'
            '<sheetView zoomToFit="1" workbookViewId="0"/></sheetViews>'
            f'{page_xml(setup, chart=True)}<drawing r:id="rId1"/></chartsheet>')


def drawing_xml() -> str:
    """A drawing holding one chart over a whole landscape page (absolute anchor)."""
    return (f'{HEAD}<xdr:wsDr xmlns:xdr="{SHEET_DRAWING}" xmlns:a="{DRAWING_MAIN}">'
            '<xdr:absoluteAnchor><xdr:pos x="0" y="0"/>'
            f'<xdr:ext cx="{PAGE_WIDTH_EMU}" cy="{PAGE_HEIGHT_EMU}"/>'
            '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="图表 1"/>'
            '<xdr:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></xdr:cNvGraphicFramePr>'
            '</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
            f'</xdr:xfrm><a:graphic><a:graphicData uri="{CHART}"><c:chart xmlns:c="{CHART}" '
            f'xmlns:r="{REL}" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame>'
            "<xdr:clientData/></xdr:absoluteAnchor></xdr:wsDr>")


def _rich(text: str, size: int) -> str:
    return ('<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>'
            f'<a:defRPr sz="{size}" b="1"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="{size}" b="1"/>'
            f"<a:t>{plain(text)}</a:t></a:r></a:p></c:rich></c:tx>")


def _str_cache(values: Sequence[CellValue]) -> str:
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{text(str(v))}</c:v></c:pt>'
        for i, v in enumerate(values) if v is not None and v != ""
    )
    return f'<c:strCache><c:ptCount val="{len(values)}"/>{points}</c:strCache>'


def _num_cache(values: Sequence[CellValue], code: str) -> str:
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{number(v, "chart.values")}</c:v></c:pt>'
        for i, v in enumerate(values)
        if isinstance(v, int | float) and not isinstance(v, bool)
    )
    return (f"<c:numCache><c:formatCode>{plain(code)}</c:formatCode>"
            f'<c:ptCount val="{len(values)}"/>{points}</c:numCache>')


def chart_xml(chart: ColumnChart, categories: Sequence[CellValue],
              values: Sequence[CellValue], quoted_sheet: str) -> str:
    """A clustered column chart of one series, with the cells' values cached."""
    name = f"<c:tx><c:v>{plain(chart.series_name)}</c:v></c:tx>" if chart.series_name else ""
    scaling = '<c:orientation val="minMax"/>'
    if chart.y_max is not None:
        scaling += f'<c:max val="{chart.y_max!r}"/>'
    if chart.y_min is not None:
        scaling += f'<c:min val="{chart.y_min!r}"/>'
    y_title = (f'<c:title>{_rich(chart.y_title, 1000)}<c:overlay val="0"/></c:title>'
               if chart.y_title else "")
    sheet = plain(quoted_sheet)
    code = attribute(chart.y_number_format)
    return (
        f'{HEAD}<c:chartSpace xmlns:c="{CHART}" xmlns:a="{DRAWING_MAIN}" xmlns:r="{REL}">'
        '<c:lang val="zh-CN"/><c:roundedCorners val="0"/><c:chart>'
        f'<c:title>{_rich(chart.title, 1400)}<c:overlay val="0"/></c:title>'
        '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart>'
        '<c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        f'<c:ser><c:idx val="0"/><c:order val="0"/>{name}'
        '<c:spPr><a:solidFill><a:srgbClr val="4472C4"/></a:solidFill></c:spPr>'
        '<c:invertIfNegative val="0"/>'
        f'<c:dLbls><c:numFmt formatCode="{code}" '
        'sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
        '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>'
        "</c:dLbls>"
        f"<c:cat><c:strRef><c:f>{sheet}!{chart.categories.absolute}</c:f>"
        f"{_str_cache(categories)}</c:strRef></c:cat>"
        f"<c:val><c:numRef><c:f>{sheet}!{chart.values.absolute}</c:f>"
        f"{_num_cache(values, chart.y_number_format)}</c:numRef></c:val></c:ser>"
        '<c:gapWidth val="150"/><c:axId val="50010001"/><c:axId val="50010002"/>'
        "</c:barChart>"
        '<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/>'
        '</c:scaling><c:delete val="0"/><c:axPos val="b"/>'
        '<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        '<c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="50010002"/><c:scaling>{scaling}</c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>'
        f'{y_title}<c:numFmt formatCode="{code}" sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
        '<c:tickLblPos val="nextTo"/><c:crossAx val="50010001"/><c:crosses val="autoZero"/>'
        '<c:crossBetween val="between"/></c:valAx></c:plotArea>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        "</c:chartSpace>"
    )
