"""The demo's product catalogue: every demo firm's products with what buyers filter on (HS code,
key specifications, materials, certifications, minimum order, lead time, export markets) in
Korean, English, Chinese and Vietnamese, and two local brands granted to some of them. Written
through the catalogue's services, like everything the demo loads."""

import re
from datetime import date

from clusters import services
from clusters.models import LocalBrand, Organisation, Product
from clusters.queries import source_clusters
from translations.services import import_translation

LANGUAGES = ("ko", "en", "zh-hans", "vi")

SPEC_LABELS = {
    "power": ("전원", "Power", "电源", "Nguồn điện"),
    "size": ("크기", "Size", "尺寸", "Kích thước"),
    "weight": ("무게", "Weight", "重量", "Trọng lượng"),
    "temp": ("사용 온도", "Operating temperature", "工作温度", "Nhiệt độ hoạt động"),
    "accuracy": ("정확도", "Accuracy", "精度", "Độ chính xác"),
    "capacity": ("용량", "Capacity", "容量", "Dung lượng"),
    "interface": ("통신", "Interface", "通信接口", "Giao tiếp"),
    "thickness": ("두께", "Thickness", "厚度", "Độ dày"),
    "output": ("출력", "Output", "输出功率", "Công suất"),
    "efficiency": ("효율", "Efficiency", "效率", "Hiệu suất"),
    "tolerance": ("공차", "Tolerance", "公差", "Dung sai"),
    "strength": ("인장강도", "Tensile strength", "拉伸强度", "Độ bền kéo"),
    "load": ("적재 하중", "Payload", "载重", "Tải trọng"),
    "resolution": ("해상도", "Resolution", "分辨率", "Độ phân giải"),
    "speed": ("속도", "Speed", "速度", "Tốc độ"),
    "ip": ("방수·방진", "Ingress protection", "防护等级", "Cấp bảo vệ"),
    "range": ("측정 범위", "Measuring range", "测量范围", "Dải đo"),
    "life": ("수명", "Service life", "使用寿命", "Tuổi thọ"),
    "volume": ("조형 크기", "Build volume", "成型尺寸", "Kích thước in"),
    "shelf": ("유통기한", "Shelf life", "保质期", "Hạn sử dụng"),
}

MATERIALS = {
    "cf": ("탄소섬유", "carbon fibre", "碳纤维", "sợi carbon"),
    "epoxy": ("에폭시 수지", "epoxy resin", "环氧树脂", "nhựa epoxy"),
    "al": ("알루미늄", "aluminium", "铝", "nhôm"),
    "sus": ("스테인리스강", "stainless steel", "不锈钢", "thép không gỉ"),
    "steel": ("탄소강", "carbon steel", "碳钢", "thép carbon"),
    "pc": ("폴리카보네이트", "polycarbonate", "聚碳酸酯", "polycarbonate"),
    "abs": ("ABS 수지", "ABS", "ABS塑料", "nhựa ABS"),
    "pcb": ("FR-4 기판", "FR-4 board", "FR-4电路板", "bo mạch FR-4"),
    "silicone": ("실리콘", "silicone", "硅胶", "silicone"),
    "cu": ("구리", "copper", "铜", "đồng"),
    "ti": ("티타늄 합금", "titanium alloy", "钛合金", "hợp kim titan"),
    "graphite": ("흑연", "graphite", "石墨", "than chì"),
    "cells": ("단결정 실리콘 셀", "monocrystalline cells", "单晶硅电池片", "cell đơn tinh thể"),
    "glass": ("강화유리", "tempered glass", "钢化玻璃", "kính cường lực"),
    "lfp": ("리튬인산철 셀", "LFP cells", "磷酸铁锂电芯", "cell LFP"),
    "polyester": ("폴리에스터", "polyester", "涤纶", "polyester"),
    "bran": ("국산 쌀겨", "Korean rice bran", "韩国米糠", "cám gạo Hàn Quốc"),
    "pu": ("우레탄", "polyurethane", "聚氨酯", "polyurethane"),
    "p20": ("P20 금형강", "P20 mould steel", "P20模具钢", "thép khuôn P20"),
    "pa12": ("나일론 PA12", "PA12 nylon", "PA12尼龙", "nylon PA12"),
}

# Trade details: (HS code, [(spec, value)], [materials], certifications, MOQ, unit, lead time
# in days, export markets). Values are the same in every language (numbers, units, codes).
DETAILS = {
    "탄소섬유 면상발열체": (
        "851680",
        [("power", "24–220 V, 150 W/m²"), ("thickness", "0.5 mm"), ("temp", "≤ 80 °C")],
        ["cf", "polyester"],
        "KC, CE, RoHS",
        500,
        "m2",
        21,
        "CN VN JP",
    ),
    "발열 매트 모듈": (
        "851680",
        [("power", "12 V DC, 40 W"), ("size", "600 × 400 mm")],
        ["cf", "silicone"],
        "KC, CE",
        200,
        "pcs",
        14,
        "JP US",
    ),
    "CFRP 경량 브래킷": (
        "681599",
        [("weight", "38 g"), ("strength", "1,800 MPa")],
        ["cf", "epoxy"],
        "ISO 9001",
        1000,
        "pcs",
        30,
        "US DE",
    ),
    "탄소 복합 프리프레그": (
        "681599",
        [("thickness", "0.15 mm"), ("size", "1,000 mm × 100 m")],
        ["cf", "epoxy"],
        "ISO 9001, AS9100",
        20,
        "rolls",
        28,
        "US DE JP",
    ),
    "자동차용 복합소재 패널": (
        "870899",
        [("size", "1,600 × 1,200 mm"), ("weight", "6.2 kg")],
        ["cf", "epoxy"],
        "IATF 16949",
        300,
        "pcs",
        45,
        "DE US",
    ),
    "온·습도 센서 모듈": (
        "902519",
        [("range", "-40–85 °C, 0–100 %RH"), ("accuracy", "±0.3 °C"), ("interface", "BLE 5.0")],
        ["pc", "pcb"],
        "KC, CE, FCC",
        100,
        "pcs",
        14,
        "VN US JP",
    ),
    "병원 배식카트용 온도센서": (
        "902519",
        [("range", "-20–120 °C"), ("ip", "IP67")],
        ["sus"],
        "KC, CE",
        50,
        "pcs",
        10,
        "JP",
    ),
    "비전 검사 장비": (
        "903180",
        [("resolution", "12 MP"), ("speed", "120 parts/min")],
        ["al", "steel"],
        "CE",
        1,
        "sets",
        60,
        "CN VN TW",
    ),
    "OLED 검사 지그": (
        "903190",
        [("tolerance", "±0.01 mm"), ("size", "400 × 300 mm")],
        ["al", "sus"],
        "ISO 9001",
        5,
        "sets",
        35,
        "CN VN",
    ),
    "스마트공장 MES": ("", [("interface", "OPC UA, REST")], [], "GS", None, "", 90, "VN"),
    "설비 예지보전 AI": ("", [("interface", "MQTT, OPC UA")], [], "", None, "", 60, ""),
    "산업용 IoT 게이트웨이": (
        "851762",
        [("interface", "LTE-M, Modbus, RS-485"), ("power", "12–24 V DC"), ("ip", "IP65")],
        ["al"],
        "KC, CE, FCC",
        50,
        "pcs",
        21,
        "VN US TH",
    ),
    "임베디드 펌웨어 개발": ("", [], [], "", None, "", 45, ""),
    "고효율 DC-DC 컨버터": (
        "850440",
        [("output", "500 W"), ("efficiency", "96.5 %")],
        ["al", "pcb"],
        "KC, CE, UL",
        100,
        "pcs",
        21,
        "US DE IN",
    ),
    "ESS 배터리 관리 시스템": (
        "853710",
        [("capacity", "≤ 1 MWh"), ("interface", "CAN, Modbus TCP")],
        ["pcb", "al"],
        "KC, IEC 62619",
        10,
        "sets",
        45,
        "VN ID",
    ),
    "지붕형 태양광 모듈": (
        "854143",
        [("output", "430 W"), ("efficiency", "21.8 %"), ("size", "1,722 × 1,134 mm")],
        ["cells", "glass", "al"],
        "KS, IEC 61215, CE",
        100,
        "pcs",
        30,
        "VN TH US",
    ),
    "금속 3D프린팅 출력 서비스": (
        "",
        [("volume", "250 × 250 × 300 mm")],
        ["ti", "sus"],
        "ISO 9001",
        1,
        "pcs",
        7,
        "JP",
    ),
    "SLM 공정 컨설팅": ("", [], [], "", None, "", 30, ""),
    "산업용 3D 스캐너": (
        "903149",
        [("accuracy", "0.02 mm"), ("speed", "2,000,000 points/s")],
        ["al"],
        "CE, FCC",
        1,
        "sets",
        21,
        "CN VN US",
    ),
    "시제품 설계·출력": (
        "",
        [("volume", "600 × 600 × 500 mm")],
        ["pa12", "abs"],
        "",
        1,
        "pcs",
        5,
        "",
    ),
    "농업용 전기운반차": (
        "870990",
        [("load", "500 kg"), ("speed", "12 km/h"), ("power", "48 V LFP")],
        ["steel", "lfp"],
        "KC, CE",
        5,
        "pcs",
        40,
        "VN TH ID",
    ),
    "기능성 발효 소재": (
        "210690",
        [("shelf", "24 months"), ("capacity", "20 kg bag")],
        ["bran"],
        "HACCP, Halal",
        500,
        "kg",
        20,
        "CN VN",
    ),
    "스마트팜 환경제어기": (
        "903289",
        [("interface", "Wi-Fi, RS-485"), ("power", "220 V AC")],
        ["abs", "pcb"],
        "KC",
        20,
        "pcs",
        21,
        "VN CN",
    ),
    "반도체용 특수볼트": (
        "731815",
        [("size", "M3–M12"), ("tolerance", "6g")],
        ["sus", "ti"],
        "ISO 9001",
        10000,
        "pcs",
        25,
        "CN TW JP",
    ),
    "알루미늄 방열판": (
        "761699",
        [("size", "≤ 600 × 300 mm"), ("thickness", "fin 1.2 mm")],
        ["al"],
        "ISO 9001, RoHS",
        1000,
        "pcs",
        25,
        "VN CN US",
    ),
    "사출 금형": ("848071", [("life", "500,000 shots")], ["p20"], "ISO 9001", 1, "sets", 60, "VN"),
    "PCB 조립": (
        "853400",
        [("size", "≤ 460 × 510 mm")],
        ["pcb"],
        "IPC-A-610, ISO 9001",
        500,
        "pcs",
        14,
        "VN US",
    ),
    "CNC 정밀가공 부품": (
        "848790",
        [("tolerance", "±0.005 mm"), ("size", "≤ 800 mm")],
        ["al", "sus", "ti"],
        "ISO 9001, AS9100",
        100,
        "pcs",
        20,
        "US JP DE",
    ),
    "전동 구동 모듈": (
        "850152",
        [("output", "3 kW"), ("power", "48 V DC")],
        ["al", "cu"],
        "KC, CE",
        50,
        "pcs",
        35,
        "VN IN",
    ),
    "협동로봇 그리퍼": (
        "847990",
        [("load", "5 kg"), ("weight", "0.9 kg")],
        ["al", "pu"],
        "CE",
        10,
        "pcs",
        28,
        "CN US DE",
    ),
    "음극재용 탄소소재": (
        "380110",
        [("capacity", "360 mAh/g")],
        ["graphite"],
        "ISO 9001, ISO 14001",
        1,
        "t",
        45,
        "CN US",
    ),
    "의료용 온도 로거": (
        "902519",
        [("range", "-80–60 °C"), ("accuracy", "±0.2 °C"), ("interface", "USB, NFC")],
        ["pc"],
        "KC, CE, FDA",
        100,
        "pcs",
        14,
        "US VN",
    ),
    "발열 작업복": (
        "621040",
        [("power", "7.4 V battery, 3 levels"), ("size", "S–3XL")],
        ["cf", "polyester"],
        "KC, CE",
        300,
        "pcs",
        30,
        "CN JP US",
    ),
}

# More products per firm (by its Korean name): (names in ko, en, zh-hans, vi, details).
MORE = {
    "(주)한빛카본": [
        (
            (
                "탄소 발열 도마 건조기",
                "Carbon-heated board dryer",
                "碳发热砧板干燥器",
                "Máy sấy thớt sưởi carbon",
            ),
            ("851679", [("power", "220 V, 60 W")], ["cf", "sus"], "KC", 300, "pcs", 20, "JP VN"),
        ),
        (
            ("발열 소파 키트", "Heated sofa kit", "加热沙发套件", "Bộ sưởi ghế sofa"),
            (
                "940490",
                [("power", "12 V DC, 60 W"), ("size", "550 × 450 mm")],
                ["cf", "polyester"],
                "KC, CE",
                200,
                "sets",
                25,
                "US CN",
            ),
        ),
        (
            (
                "욕실 미러 히터",
                "Bathroom mirror heater",
                "浴室镜面加热器",
                "Tấm sưởi gương phòng tắm",
            ),
            ("851680", [("power", "220 V, 30 W")], ["cf"], "KC, CE", 500, "pcs", 18, "JP"),
        ),
    ],
    "(주)카본웍스": [
        (
            ("CFRP 드론 암", "CFRP drone arms", "CFRP无人机臂", "Cánh tay drone CFRP"),
            (
                "880730",
                [("weight", "22 g"), ("size", "Ø 20 × 300 mm")],
                ["cf", "epoxy"],
                "ISO 9001",
                500,
                "pcs",
                25,
                "US CN",
            ),
        ),
        (
            ("탄소 튜브", "Carbon tubes", "碳纤维管", "Ống carbon"),
            (
                "681599",
                [("size", "Ø 6–60 mm × 1,000 mm")],
                ["cf", "epoxy"],
                "ISO 9001",
                200,
                "pcs",
                15,
                "US DE VN",
            ),
        ),
    ],
    "대경복합소재(주)": [
        (
            ("배터리 팩 하우징", "Battery pack housings", "电池包外壳", "Vỏ bộ pin"),
            (
                "870899",
                [("size", "1,400 × 900 mm"), ("ip", "IP67")],
                ["cf", "epoxy"],
                "IATF 16949",
                200,
                "pcs",
                50,
                "DE US",
            ),
        ),
        (
            ("복합소재 루프 패널", "Composite roof panels", "复合材料车顶板", "Tấm mái composite"),
            ("870829", [("weight", "4.8 kg")], ["cf", "epoxy"], "IATF 16949", 300, "pcs", 45, "DE"),
        ),
        (
            ("경량 시트 프레임", "Lightweight seat frames", "轻量化座椅骨架", "Khung ghế nhẹ"),
            (
                "940199",
                [("weight", "2.1 kg"), ("load", "150 kg")],
                ["cf", "al"],
                "IATF 16949",
                500,
                "pcs",
                40,
                "US JP",
            ),
        ),
    ],
    "(주)네오센스": [
        (
            (
                "콜드체인 무선 로거",
                "Cold-chain wireless loggers",
                "冷链无线记录仪",
                "Thiết bị ghi chuỗi lạnh không dây",
            ),
            (
                "902519",
                [("range", "-40–70 °C"), ("interface", "LTE-M")],
                ["pc"],
                "KC, CE, FCC",
                100,
                "pcs",
                14,
                "VN TH US",
            ),
        ),
    ],
    "(주)스마트비전테크": [
        (
            (
                "AI 외관 검사 카메라",
                "AI surface inspection cameras",
                "AI外观检测相机",
                "Camera kiểm tra bề mặt AI",
            ),
            (
                "852589",
                [("resolution", "5 MP"), ("interface", "GigE Vision")],
                ["al"],
                "CE, FCC",
                5,
                "pcs",
                30,
                "CN VN",
            ),
        ),
        (
            ("라인 스캔 조명", "Line-scan lighting", "线扫描光源", "Đèn chiếu sáng quét dòng"),
            (
                "940542",
                [("power", "24 V DC, 45 W"), ("size", "600 mm")],
                ["al", "pc"],
                "CE",
                10,
                "pcs",
                21,
                "CN TW",
            ),
        ),
    ],
    "구미디스플레이부품(주)": [
        (
            (
                "디스플레이 진공 흡착 테이블",
                "Vacuum chuck tables",
                "真空吸附平台",
                "Bàn hút chân không",
            ),
            (
                "846691",
                [("size", "1,500 × 1,300 mm"), ("tolerance", "flatness 10 µm")],
                ["al"],
                "ISO 9001",
                2,
                "sets",
                40,
                "CN VN",
            ),
        ),
        (
            ("FPCB 본딩 지그", "FPCB bonding jigs", "FPCB压合治具", "Đồ gá ép FPCB"),
            (
                "903190",
                [("tolerance", "±0.02 mm")],
                ["al", "sus"],
                "ISO 9001",
                10,
                "sets",
                25,
                "VN",
            ),
        ),
    ],
    "(주)데이터팩토리": [
        (
            (
                "설비 데이터 수집 단말",
                "Machine data collectors",
                "设备数据采集终端",
                "Thiết bị thu thập dữ liệu máy",
            ),
            (
                "847150",
                [("interface", "Ethernet, RS-232, OPC UA"), ("power", "24 V DC")],
                ["al"],
                "KC, CE",
                10,
                "pcs",
                21,
                "VN ID",
            ),
        ),
    ],
    "(주)링크아이오티": [
        (
            (
                "LoRa 무선 센서 노드",
                "LoRa wireless sensor nodes",
                "LoRa无线传感节点",
                "Nút cảm biến không dây LoRa",
            ),
            (
                "851762",
                [("interface", "LoRaWAN"), ("life", "5-year battery")],
                ["pc", "pcb"],
                "KC, CE",
                100,
                "pcs",
                21,
                "VN TH",
            ),
        ),
        (
            (
                "에너지 모니터링 미터",
                "Energy monitoring meters",
                "能耗监测仪表",
                "Đồng hồ giám sát năng lượng",
            ),
            (
                "902830",
                [("accuracy", "Class 0.5"), ("interface", "Modbus RTU")],
                ["pc"],
                "KC, CE",
                50,
                "pcs",
                18,
                "VN",
            ),
        ),
    ],
    "(주)코드브릿지": [
        (
            ("BLE 개발 보드", "BLE development boards", "BLE开发板", "Bo mạch phát triển BLE"),
            (
                "847330",
                [("interface", "BLE 5.3, USB-C")],
                ["pcb"],
                "KC, CE, FCC",
                50,
                "pcs",
                10,
                "US VN",
            ),
        ),
        (
            (
                "펌웨어 무선 업데이트 모듈",
                "Over-the-air update modules",
                "固件无线升级模块",
                "Mô-đun cập nhật firmware OTA",
            ),
            ("854231", [("interface", "LTE-M, Wi-Fi")], ["pcb"], "KC", 500, "pcs", 30, ""),
        ),
    ],
    "(주)그린파워솔루션": [
        (
            (
                "태양광 마이크로 인버터",
                "Solar micro-inverters",
                "光伏微型逆变器",
                "Biến tần vi mô năng lượng mặt trời",
            ),
            (
                "850440",
                [("output", "800 W"), ("efficiency", "97 %")],
                ["al", "pcb"],
                "KC, CE, UL",
                100,
                "pcs",
                30,
                "VN US",
            ),
        ),
        (
            (
                "EV 충전기 전원 모듈",
                "EV charger power modules",
                "电动汽车充电桩电源模块",
                "Mô-đun nguồn trạm sạc xe điện",
            ),
            (
                "850440",
                [("output", "30 kW"), ("efficiency", "95.5 %")],
                ["al", "cu"],
                "KC, CE",
                20,
                "pcs",
                45,
                "IN DE",
            ),
        ),
    ],
    "(주)배터리랩": [
        (
            ("캠핑용 파워뱅크", "Portable power stations", "户外移动电源", "Trạm sạc di động"),
            (
                "850760",
                [("capacity", "1,024 Wh"), ("weight", "11 kg")],
                ["lfp", "abs"],
                "KC, CE, UN38.3",
                100,
                "pcs",
                30,
                "US JP",
            ),
        ),
        (
            ("배터리 셀 밸런서", "Battery cell balancers", "电池均衡器", "Bộ cân bằng cell pin"),
            ("853890", [("interface", "CAN")], ["pcb"], "KC, CE", 100, "pcs", 21, "VN CN"),
        ),
    ],
    "선라이즈에너지(주)": [
        (
            (
                "농업용 영농형 태양광 구조물",
                "Agrivoltaic mounting structures",
                "农光互补支架",
                "Khung giá pin mặt trời nông nghiệp",
            ),
            (
                "730890",
                [("size", "height 4.5 m"), ("life", "25 years")],
                ["steel", "al"],
                "KS",
                1,
                "sets",
                60,
                "VN",
            ),
        ),
        (
            ("태양광 가로등", "Solar street lights", "太阳能路灯", "Đèn đường năng lượng mặt trời"),
            (
                "940542",
                [("output", "60 W LED"), ("capacity", "LFP 1.2 kWh")],
                ["al", "lfp"],
                "KC, CE",
                50,
                "pcs",
                35,
                "VN ID IN",
            ),
        ),
    ],
    "(주)프린트메탈": [
        (
            (
                "티타늄 3D프린팅 임플란트 시제품",
                "Titanium 3D-printed prototypes",
                "钛合金3D打印原型件",
                "Mẫu thử titan in 3D",
            ),
            ("810890", [("tolerance", "±0.05 mm")], ["ti"], "ISO 13485", 1, "pcs", 10, "US JP"),
        ),
        (
            (
                "금속 분말 재활용 체",
                "Metal powder sieves",
                "金属粉末回收筛",
                "Sàng tái chế bột kim loại",
            ),
            ("847420", [("capacity", "50 kg/h")], ["sus"], "CE", 1, "sets", 30, "CN"),
        ),
    ],
    "(주)쓰리디웨이브": [
        (
            ("휴대용 3D 스캐너", "Handheld 3D scanners", "手持式3D扫描仪", "Máy quét 3D cầm tay"),
            (
                "903149",
                [("accuracy", "0.05 mm"), ("weight", "0.8 kg")],
                ["al", "pc"],
                "CE, FCC",
                1,
                "sets",
                14,
                "CN VN US",
            ),
        ),
        (
            (
                "역설계 소프트웨어",
                "Reverse-engineering software",
                "逆向工程软件",
                "Phần mềm thiết kế ngược",
            ),
            ("", [("interface", "STEP, STL, IGES")], [], "", None, "", 3, ""),
        ),
    ],
    "(주)모델링팩토리": [
        (
            ("SLA 시제품 출력", "SLA prototypes", "SLA光固化原型", "Mẫu thử SLA"),
            ("392690", [("tolerance", "±0.1 mm")], ["abs"], "", 1, "pcs", 4, ""),
        ),
        (
            (
                "실리콘 몰드 소량 생산",
                "Silicone-mould short runs",
                "硅胶模小批量生产",
                "Sản xuất loạt nhỏ khuôn silicone",
            ),
            ("392690", [("capacity", "20–200 parts")], ["silicone", "pu"], "", 20, "pcs", 10, "JP"),
        ),
    ],
    "(주)팜로보틱스": [
        (
            (
                "자율주행 방제 로봇",
                "Autonomous spraying robots",
                "自主喷药机器人",
                "Robot phun thuốc tự hành",
            ),
            (
                "842449",
                [("capacity", "100 l tank"), ("speed", "5 km/h")],
                ["sus", "steel"],
                "KC, CE",
                1,
                "pcs",
                60,
                "VN TH",
            ),
        ),
        (
            (
                "전동 수확 운반대차",
                "Electric harvest trolleys",
                "电动采收运输车",
                "Xe đẩy thu hoạch điện",
            ),
            ("870990", [("load", "300 kg")], ["steel", "lfp"], "KC", 5, "pcs", 35, "VN JP"),
        ),
    ],
    "(주)바이오그린": [
        (
            (
                "쌀겨 발효 효소 분말",
                "Fermented rice-bran enzyme powder",
                "米糠发酵酵素粉",
                "Bột enzyme cám gạo lên men",
            ),
            (
                "350790",
                [("shelf", "18 months")],
                ["bran"],
                "HACCP, Halal",
                200,
                "kg",
                20,
                "CN VN ID",
            ),
        ),
        (
            (
                "천연 발효 사료첨가제",
                "Fermented feed additives",
                "天然发酵饲料添加剂",
                "Phụ gia thức ăn chăn nuôi lên men",
            ),
            ("230990", [("shelf", "12 months")], ["bran"], "HACCP", 1, "t", 30, "VN TH"),
        ),
        (
            (
                "발효 화장품 원료",
                "Fermented cosmetic ingredients",
                "发酵化妆品原料",
                "Nguyên liệu mỹ phẩm lên men",
            ),
            (
                "330499",
                [("shelf", "24 months")],
                ["bran"],
                "ISO 22716, Halal",
                50,
                "kg",
                25,
                "CN VN",
            ),
        ),
    ],
    "경북스마트팜(주)": [
        (
            (
                "양액 자동 공급기",
                "Automatic nutrient dosers",
                "自动营养液配比机",
                "Máy cấp dinh dưỡng tự động",
            ),
            ("842481", [("capacity", "2,000 l/h")], ["sus", "pc"], "KC", 2, "sets", 40, "VN CN"),
        ),
        (
            (
                "스마트팜 환경 센서",
                "Smart-farm climate sensors",
                "智能农场环境传感器",
                "Cảm biến môi trường nông trại",
            ),
            ("902580", [("range", "CO₂ 0–5,000 ppm")], ["pc"], "KC", 20, "pcs", 14, "VN"),
        ),
    ],
    "(주)정밀테크": [
        (
            (
                "반도체 진공 챔버용 볼트",
                "Semiconductor vacuum chamber bolts",
                "半导体真空腔体螺栓",
                "Bu lông bán dẫn cho buồng chân không",
            ),
            ("731815", [("size", "M4–M16")], ["sus"], "ISO 9001", 5000, "pcs", 25, "TW CN"),
        ),
        (
            (
                "티타늄 정밀 스크류",
                "Titanium precision screws",
                "钛合金精密螺丝",
                "Vít chính xác titan",
            ),
            ("810890", [("size", "M1.4–M6")], ["ti"], "ISO 9001", 10000, "pcs", 30, "JP US"),
        ),
    ],
    "(주)히트싱크코리아": [
        (
            (
                "LED 조명용 방열판",
                "Heatsinks for LED lighting",
                "LED灯具散热器",
                "Tản nhiệt cho đèn LED",
            ),
            (
                "761699",
                [("size", "Ø 80–300 mm")],
                ["al"],
                "ISO 9001, RoHS",
                2000,
                "pcs",
                21,
                "VN CN",
            ),
        ),
        (
            ("수랭식 콜드플레이트", "Liquid cold plates", "液冷板", "Tấm làm mát bằng chất lỏng"),
            (
                "841950",
                [("capacity", "2 kW heat load")],
                ["al", "cu"],
                "ISO 9001",
                100,
                "pcs",
                35,
                "US DE",
            ),
        ),
    ],
    "(주)대한금형": [
        (
            (
                "가전 외장 사출 금형",
                "Appliance housing moulds",
                "家电外壳注塑模具",
                "Khuôn ép vỏ đồ gia dụng",
            ),
            ("848071", [("life", "1,000,000 shots")], ["p20"], "ISO 9001", 1, "sets", 70, "VN ID"),
        ),
        (
            ("다이캐스팅 금형", "Die-casting dies", "压铸模具", "Khuôn đúc áp lực"),
            ("848049", [("life", "100,000 shots")], ["steel"], "ISO 9001", 1, "sets", 80, "VN IN"),
        ),
    ],
    "(주)안양전자부품": [
        (
            ("와이어 하네스", "Wire harnesses", "线束", "Bó dây điện"),
            (
                "854430",
                [("size", "≤ 3 m")],
                ["cu", "pu"],
                "IATF 16949, UL",
                1000,
                "pcs",
                21,
                "VN US",
            ),
        ),
        (
            ("LED 드라이버 보드", "LED driver boards", "LED驱动板", "Bo mạch điều khiển LED"),
            ("850440", [("output", "60 W")], ["pcb"], "KC, CE", 1000, "pcs", 18, "VN ID"),
        ),
    ],
    "(주)시흥정공": [
        (
            (
                "반도체 장비용 정밀 블록",
                "Precision blocks for chip tools",
                "半导体设备精密块",
                "Khối chính xác cho thiết bị bán dẫn",
            ),
            (
                "848690",
                [("tolerance", "±0.003 mm")],
                ["al", "sus"],
                "ISO 9001",
                20,
                "pcs",
                25,
                "TW US",
            ),
        ),
        (
            ("유압 매니폴드", "Hydraulic manifolds", "液压集成块", "Khối phân phối thủy lực"),
            (
                "848120",
                [("range", "≤ 350 bar")],
                ["steel", "al"],
                "ISO 9001",
                50,
                "pcs",
                30,
                "US IN",
            ),
        ),
        (
            (
                "로봇 감속기 하우징",
                "Robot reducer housings",
                "机器人减速机壳体",
                "Vỏ hộp giảm tốc robot",
            ),
            ("848390", [("tolerance", "±0.01 mm")], ["al"], "ISO 9001", 100, "pcs", 28, "CN JP"),
        ),
    ],
    "(주)에코모빌리티": [
        (
            (
                "전동 스쿠터 허브 모터",
                "E-scooter hub motors",
                "电动滑板车轮毂电机",
                "Động cơ trục bánh xe scooter điện",
            ),
            (
                "850131",
                [("output", "500 W"), ("power", "48 V DC")],
                ["al", "cu"],
                "CE",
                200,
                "pcs",
                30,
                "VN ID IN",
            ),
        ),
        (
            ("모터 컨트롤러", "Motor controllers", "电机控制器", "Bộ điều khiển động cơ"),
            (
                "850440",
                [("output", "3 kW"), ("interface", "CAN")],
                ["al", "pcb"],
                "CE",
                100,
                "pcs",
                28,
                "VN IN",
            ),
        ),
    ],
    "(주)와이즈로봇": [
        (
            ("진공 흡착 그리퍼", "Vacuum grippers", "真空吸盘夹爪", "Tay kẹp hút chân không"),
            ("847990", [("load", "10 kg")], ["al", "silicone"], "CE", 10, "pcs", 21, "CN VN"),
        ),
        (
            ("로봇 툴 체인저", "Robot tool changers", "机器人快换装置", "Bộ thay dụng cụ robot"),
            (
                "847990",
                [("load", "20 kg"), ("weight", "0.6 kg")],
                ["al", "sus"],
                "CE",
                5,
                "pcs",
                30,
                "US DE",
            ),
        ),
    ],
    "(주)케이머티리얼즈": [
        (
            (
                "고순도 흑연 분말",
                "High-purity graphite powder",
                "高纯石墨粉",
                "Bột than chì độ tinh khiết cao",
            ),
            (
                "250410",
                [("capacity", "99.95 % C")],
                ["graphite"],
                "ISO 9001",
                500,
                "kg",
                30,
                "CN JP",
            ),
        ),
        (
            ("도전재 카본블랙", "Conductive carbon black", "导电炭黑", "Muội than dẫn điện"),
            (
                "280300",
                [("capacity", "BET 60 m²/g")],
                ["graphite"],
                "ISO 9001, REACH",
                1,
                "t",
                40,
                "CN US",
            ),
        ),
    ],
    "(주)메디센서": [
        (
            (
                "백신 냉장고 모니터",
                "Vaccine fridge monitors",
                "疫苗冷藏监测仪",
                "Thiết bị giám sát tủ lạnh vắc-xin",
            ),
            (
                "902519",
                [("range", "-30–50 °C"), ("interface", "Wi-Fi")],
                ["pc"],
                "KC, CE",
                50,
                "pcs",
                14,
                "VN ID IN",
            ),
        ),
        (
            (
                "일회용 체온 패치",
                "Disposable temperature patches",
                "一次性体温贴",
                "Miếng dán đo nhiệt độ dùng một lần",
            ),
            (
                "902519",
                [("accuracy", "±0.1 °C"), ("life", "72 h")],
                ["silicone"],
                "KC, CE",
                1000,
                "pcs",
                21,
                "CN VN",
            ),
        ),
    ],
    "(주)유니폼텍": [
        (
            ("발열 장갑", "Heated gloves", "加热手套", "Găng tay sưởi"),
            (
                "611693",
                [("power", "7.4 V battery")],
                ["cf", "polyester"],
                "KC, CE",
                500,
                "pcs",
                25,
                "CN JP",
            ),
        ),
        (
            ("발열 조끼", "Heated vests", "加热马甲", "Áo gile sưởi"),
            (
                "621040",
                [("power", "5 V USB, 3 levels")],
                ["cf", "polyester"],
                "KC, CE",
                300,
                "pcs",
                25,
                "JP US",
            ),
        ),
    ],
}

BRANDS = [
    (
        "siheung-made",
        ("시흥 메이드", "Siheung Made", "始兴制造", "Sản xuất tại Siheung"),
        (
            "시흥시가 품질과 현지 생산을 확인해 인증한 우수 제품입니다.",
            "Products the city of Siheung certifies for their quality and local production.",
            "始兴市认证的优质本地生产产品。",
            "Sản phẩm được thành phố Siheung chứng nhận về chất lượng và sản xuất tại địa phương.",
        ),
        None,
    ),
    (
        "gumi-carbon-quality",
        (
            "구미 탄소 우수제품",
            "Gumi Carbon Quality",
            "龟尾碳素优质产品",
            "Sản phẩm carbon chất lượng Gumi",
        ),
        (
            "탄소 소재 미니클러스터가 성능 시험을 거쳐 인증한 제품입니다.",
            "Certified by the carbon mini-cluster after performance tests.",
            "经碳素材料微型集群性能测试认证的产品。",
            "Được cụm mini vật liệu carbon chứng nhận sau khi thử nghiệm hiệu năng.",
        ),
        "carbon",
    ),
]
SIHEUNG_MADE_FIRMS = (
    "(주)시흥정공",
    "(주)안양전자부품",
    "(주)대한금형",
    "(주)히트싱크코리아",
    "(주)정밀테크",
)


# The few words among the specification values (numbers, units and codes stay as they are),
# in LANGUAGES order; the values above are written in English.
VALUE_WORDS = [
    (
        r"(\d+)-year battery",
        (r"배터리 수명 \1년", r"\1-year battery", r"电池寿命\1年", r"pin \1 năm"),
    ),
    (r"(\d+) years", (r"\1년", r"\1 years", r"\1年", r"\1 năm")),
    (r"(\d+) months", (r"\1개월", r"\1 months", r"\1个月", r"\1 tháng")),
    (r"([\d.]+ kg) bag", (r"\1 포대", r"\1 bag", r"\1/袋", r"bao \1")),
    (r"([\d.]+ V) battery", (r"\1 배터리", r"\1 battery", r"\1 电池", r"pin \1")),
    (r"(\d+) levels", (r"\1단계", r"\1 levels", r"\1档", r"\1 mức")),
    (r"fin ([\d.]+ mm)", (r"핀 \1", r"fin \1", r"翅片 \1", r"cánh tản nhiệt \1")),
    (r"flatness ([\d.]+ µm)", (r"평탄도 \1", r"flatness \1", r"平面度 \1", r"độ phẳng \1")),
    (r"([\d.]+ kW) heat load", (r"열부하 \1", r"\1 heat load", r"热负荷 \1", r"tải nhiệt \1")),
    (r"height ([\d.]+ m)", (r"높이 \1", r"height \1", r"高 \1", r"cao \1")),
    (r"parts/min", ("개/분", "parts/min", "件/分钟", "chi tiết/phút")),
    (r"([\d–,]+) parts", (r"\1개", r"\1 parts", r"\1件", r"\1 chi tiết")),
    (r"points/s", ("점/초", "points/s", "点/秒", "điểm/giây")),
    (r"([\d,]+) shots", (r"\1 쇼트", r"\1 shots", r"\1模次", r"\1 lần ép")),
    (r"([\d.]+ l) tank", (r"\1 탱크", r"\1 tank", r"\1 储罐", r"bồn \1")),
]


def localized_value(value, language_index):
    for pattern, replacements in VALUE_WORDS:
        value = re.sub(pattern, replacements[language_index], value)
    return value


def _localized_lines(details, language_index):
    _hs_code, specs, materials, *_rest = details
    spec_text = "\n".join(
        f"{SPEC_LABELS[label][language_index]}: {localized_value(value, language_index)}"
        for label, value in specs
    )
    separator = "、" if language_index == 2 else ", "
    material_text = separator.join(MATERIALS[key][language_index] for key in materials)
    return spec_text, material_text


def _fields(details):
    hs_code, _specs, _materials, certifications, moq, unit, lead, markets = details
    specs, materials = _localized_lines(details, 0)
    return {
        "hs_code": hs_code,
        "specs": specs,
        "materials": materials,
        "certifications": certifications,
        "min_order_quantity": moq,
        "order_unit": unit or Product.Unit.PIECES,
        "lead_time_days": lead,
        "export_markets": markets,
    }


def _translate(product, names, details, descriptions=None):
    for index, code in enumerate(LANGUAGES[1:], start=1):
        specs, materials = _localized_lines(details, index)
        values = {"name": names[index], "specs": specs, "materials": materials}
        if descriptions:
            values["description"] = descriptions[index]
        import_translation(product, code, values)


def load(product_translations):
    """`product_translations` is demo_translations.PRODUCTS: the directory's products in four
    languages, which get their trade details here; then each firm's further products."""
    for product in Product.objects.select_related("organisation"):
        details = DETAILS.get(product.name)
        if details is None:
            continue
        services.update_product(product, actor=None, **_fields(details))
        _, *translated = product_translations[product.name]
        _translate(
            product,
            [product.name, *(name for name, _description in translated)],
            details,
            [product.description, *(description for _name, description in translated)],
        )
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=MORE)}
    for firm, products in MORE.items():
        organisation = organisations.get(firm)
        if organisation is None:
            continue
        for names, details in products:
            product = services.create_product(
                organisation, actor=None, name=names[0], description="", **_fields(details)
            )
            _translate(product, names, details)
    _brands()


def _brands():
    clusters = {page.slug: page for page in source_clusters()}
    brands = {}
    for slug, names, descriptions, cluster_slug in BRANDS:
        brand = LocalBrand.objects.filter(slug=slug).first() or services.create_local_brand(
            actor=None,
            name=names[0],
            slug=slug,
            description=descriptions[0],
            cluster=clusters.get(cluster_slug) if cluster_slug else None,
        )
        for index, code in enumerate(LANGUAGES[1:], start=1):
            import_translation(
                brand, code, {"name": names[index], "description": descriptions[index]}
            )
        brands[slug] = brand
    granted_on = date(2026, 5, 20)
    for product in Product.objects.filter(organisation__name__in=SIHEUNG_MADE_FIRMS):
        services.grant_local_brand(brands["siheung-made"], product, actor=None, on=granted_on)
    carbon = Product.objects.filter(
        organisation__memberships__cluster__slug="carbon", hs_code__startswith="68"
    ).distinct()
    for product in carbon:
        services.grant_local_brand(
            brands["gumi-carbon-quality"], product, actor=None, on=date(2026, 3, 4)
        )
