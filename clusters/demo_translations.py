"""The demo directory's content in English, Chinese and Vietnamese, as an agency that has its
firm and product database translated for overseas buyers would hold it: every product's Korean
source description, and its name and description in the three other languages."""

PRODUCTS = {
    "탄소섬유 면상발열체": (
        "가구·바닥 난방용 탄소섬유 면상발열체",
        ("Carbon-fibre planar heating element", "For furniture and floor heating"),
        ("碳纤维面状发热体", "用于家具和地暖"),
        ("Tấm phát nhiệt sợi carbon", "Dùng cho đồ nội thất và sưởi sàn"),
    ),
    "발열 매트 모듈": (
        "캠핑·의료용 저전압 발열 매트",
        ("Heating mat modules", "Low-voltage heating mats for camping and medical use"),
        ("发热垫模块", "用于露营和医疗的低压发热垫"),
        ("Mô-đun thảm sưởi", "Thảm sưởi điện áp thấp cho cắm trại và y tế"),
    ),
    "CFRP 경량 브래킷": (
        "드론·자동차용 CFRP 경량 브래킷",
        ("Lightweight CFRP brackets", "Carbon-fibre brackets for drones and cars"),
        ("CFRP轻量化支架", "用于无人机和汽车的碳纤维支架"),
        ("Giá đỡ CFRP nhẹ", "Giá đỡ sợi carbon cho drone và ô tô"),
    ),
    "탄소 복합 프리프레그": (
        "항공·스포츠용 탄소섬유 프리프레그",
        ("Carbon composite prepreg", "Carbon-fibre prepreg for aerospace and sports goods"),
        ("碳复合预浸料", "用于航空和体育用品的碳纤维预浸料"),
        ("Prepreg composite carbon", "Prepreg sợi carbon cho hàng không và dụng cụ thể thao"),
    ),
    "자동차용 복합소재 패널": (
        "전기차 배터리 커버용 복합소재 패널",
        ("Composite panels for vehicles", "Composite battery covers for electric vehicles"),
        ("汽车用复合材料面板", "电动汽车电池盖用复合材料面板"),
        ("Tấm vật liệu composite cho ô tô", "Nắp pin composite cho xe điện"),
    ),
    "온·습도 센서 모듈": (
        "물류·농업용 무선 온·습도 센서",
        ("Temperature and humidity sensor modules", "Wireless sensors for logistics and farms"),
        ("温湿度传感器模块", "用于物流和农业的无线传感器"),
        ("Mô-đun cảm biến nhiệt độ và độ ẩm", "Cảm biến không dây cho logistics và nông nghiệp"),
    ),
    "병원 배식카트용 온도센서": (
        "병원 배식카트의 음식 온도를 기록하는 센서",
        ("Temperature sensors for hospital food carts", "Logs food temperature on the ward"),
        ("医院配餐车温度传感器", "记录病房配餐温度"),
        ("Cảm biến nhiệt độ cho xe chia suất ăn bệnh viện", "Ghi nhiệt độ thức ăn tại khoa"),
    ),
    "비전 검사 장비": (
        "디스플레이·부품 외관 비전 검사",
        ("Vision inspection systems", "Machine-vision inspection of displays and parts"),
        ("视觉检测设备", "显示屏与零部件外观视觉检测"),
        (
            "Thiết bị kiểm tra thị giác",
            "Kiểm tra ngoại quan màn hình và linh kiện bằng thị giác máy",
        ),
    ),
    "OLED 검사 지그": (
        "OLED 패널 점등·검사 지그",
        ("OLED inspection jigs", "Lighting and test jigs for OLED panels"),
        ("OLED检测治具", "OLED面板点亮与检测治具"),
        ("Đồ gá kiểm tra OLED", "Đồ gá thắp sáng và kiểm tra tấm OLED"),
    ),
    "스마트공장 MES": (
        "중소 제조업용 생산관리 시스템",
        ("MES for smart factories", "Manufacturing execution system for SMEs"),
        ("智能工厂MES", "面向中小制造企业的生产执行系统"),
        ("MES cho nhà máy thông minh", "Hệ thống điều hành sản xuất cho doanh nghiệp vừa và nhỏ"),
    ),
    "설비 예지보전 AI": (
        "진동·전류 데이터로 설비 고장을 예측",
        ("Predictive-maintenance AI", "Predicts machine failures from vibration and current"),
        ("设备预测性维护AI", "根据振动和电流数据预测设备故障"),
        ("AI bảo trì dự đoán", "Dự đoán hỏng hóc thiết bị từ dữ liệu rung và dòng điện"),
    ),
    "산업용 IoT 게이트웨이": (
        "PLC·센서 데이터를 클라우드로 보내는 게이트웨이",
        ("Industrial IoT gateway", "Sends PLC and sensor data to the cloud"),
        ("工业物联网网关", "将PLC和传感器数据上传到云端"),
        ("Cổng IoT công nghiệp", "Gửi dữ liệu PLC và cảm biến lên đám mây"),
    ),
    "임베디드 펌웨어 개발": (
        "MCU 기반 제품의 펌웨어 위탁 개발",
        ("Embedded firmware development", "Contract firmware for MCU-based products"),
        ("嵌入式固件开发", "基于MCU产品的固件委托开发"),
        ("Phát triển firmware nhúng", "Gia công firmware cho sản phẩm dùng MCU"),
    ),
    "고효율 DC-DC 컨버터": (
        "전기차·ESS용 고효율 DC-DC 컨버터",
        ("High-efficiency DC-DC converters", "For electric vehicles and energy storage"),
        ("高效DC-DC转换器", "用于电动汽车和储能系统"),
        ("Bộ chuyển đổi DC-DC hiệu suất cao", "Cho xe điện và hệ thống lưu trữ năng lượng"),
    ),
    "ESS 배터리 관리 시스템": (
        "에너지저장장치용 배터리 관리 시스템",
        ("BMS for energy storage", "Battery management system for energy storage"),
        ("储能电池管理系统", "用于储能系统的电池管理系统"),
        ("Hệ thống quản lý pin ESS", "Hệ thống quản lý pin cho lưu trữ năng lượng"),
    ),
    "지붕형 태양광 모듈": (
        "공장 지붕용 경량 태양광 모듈",
        ("Rooftop solar modules", "Lightweight solar modules for factory roofs"),
        ("屋顶太阳能组件", "用于厂房屋顶的轻量化光伏组件"),
        ("Tấm pin mặt trời áp mái", "Tấm pin mặt trời nhẹ cho mái nhà xưởng"),
    ),
    "금속 3D프린팅 출력 서비스": (
        "티타늄·알루미늄 금속 적층 출력",
        ("Metal 3D-printing service", "Titanium and aluminium additive manufacturing"),
        ("金属3D打印服务", "钛和铝金属增材制造"),
        ("Dịch vụ in 3D kim loại", "Sản xuất bồi đắp titan và nhôm"),
    ),
    "SLM 공정 컨설팅": (
        "선택적 레이저 용융 공정 조건 컨설팅",
        ("SLM process consulting", "Selective laser melting process development"),
        ("SLM工艺咨询", "选择性激光熔化工艺开发"),
        ("Tư vấn quy trình SLM", "Phát triển quy trình nung chảy laser chọn lọc"),
    ),
    "산업용 3D 스캐너": (
        "금형·부품 역설계용 3D 스캐너",
        ("Industrial 3D scanners", "3D scanners for reverse engineering of parts and moulds"),
        ("工业3D扫描仪", "用于零件和模具逆向设计的3D扫描仪"),
        ("Máy quét 3D công nghiệp", "Máy quét 3D để thiết kế ngược linh kiện và khuôn"),
    ),
    "시제품 설계·출력": (
        "아이디어부터 시제품 출력까지",
        ("Prototype design and printing", "From idea to printed prototype"),
        ("样品设计与打印", "从创意到打印样品"),
        ("Thiết kế và in mẫu thử", "Từ ý tưởng đến mẫu thử in 3D"),
    ),
    "농업용 전기운반차": (
        "과수원·비닐하우스용 전기 운반차",
        ("Agricultural electric utility vehicle", "For orchards and greenhouses"),
        ("农用电动运输车", "适用于果园和温室"),
        ("Xe vận chuyển điện nông nghiệp", "Cho vườn cây ăn quả và nhà kính"),
    ),
    "기능성 발효 소재": (
        "식품·사료용 기능성 발효 소재",
        ("Functional fermentation ingredients", "For food and animal feed"),
        ("功能性发酵原料", "用于食品和饲料"),
        ("Nguyên liệu lên men chức năng", "Cho thực phẩm và thức ăn chăn nuôi"),
    ),
    "스마트팜 환경제어기": (
        "온실 온도·습도·CO2 자동 제어",
        ("Smart-farm climate controller", "Automatic greenhouse temperature, humidity and CO2"),
        ("智慧农场环境控制器", "温室温度、湿度和CO2自动控制"),
        (
            "Bộ điều khiển khí hậu trang trại thông minh",
            "Tự động điều khiển nhiệt độ, độ ẩm, CO2 nhà kính",
        ),
    ),
    "반도체용 특수볼트": (
        "반도체 장비용 내식성 특수볼트",
        ("Special bolts for semiconductor equipment", "Corrosion-resistant fasteners"),
        ("半导体设备用特种螺栓", "耐腐蚀紧固件"),
        ("Bu lông đặc biệt cho thiết bị bán dẫn", "Chi tiết bắt chặt chống ăn mòn"),
    ),
    "알루미늄 방열판": (
        "LED·전력 소자용 알루미늄 방열판",
        ("Aluminium heat sinks", "For LEDs and power electronics"),
        ("铝散热器", "用于LED和功率器件"),
        ("Tản nhiệt nhôm", "Cho đèn LED và linh kiện công suất"),
    ),
    "사출 금형": (
        "가전·자동차 부품용 플라스틱 사출 금형",
        ("Injection moulds", "Plastic injection moulds for appliance and car parts"),
        ("注塑模具", "用于家电和汽车零件的塑料注塑模具"),
        ("Khuôn ép nhựa", "Khuôn ép phun nhựa cho linh kiện gia dụng và ô tô"),
    ),
    "PCB 조립": (
        "SMT 라인의 소량 다품종 PCB 조립",
        ("PCB assembly", "High-mix, low-volume SMT assembly"),
        ("PCB组装", "多品种小批量SMT组装"),
        ("Lắp ráp PCB", "Lắp ráp SMT số lượng nhỏ, nhiều chủng loại"),
    ),
    "CNC 정밀가공 부품": (
        "5축 CNC 정밀가공 부품",
        ("CNC precision-machined parts", "Five-axis CNC machining"),
        ("CNC精密加工零件", "五轴CNC精密加工"),
        ("Linh kiện gia công CNC chính xác", "Gia công CNC năm trục"),
    ),
    "전동 구동 모듈": (
        "소형 이동체용 모터·감속기 모듈",
        ("Electric drive modules", "Motor and gearbox modules for small vehicles"),
        ("电动驱动模块", "用于小型移动设备的电机与减速器模块"),
        ("Mô-đun truyền động điện", "Mô-đun động cơ và hộp số cho phương tiện nhỏ"),
    ),
    "협동로봇 그리퍼": (
        "협동로봇용 전동 그리퍼",
        ("Cobot grippers", "Electric grippers for collaborative robots"),
        ("协作机器人夹爪", "协作机器人用电动夹爪"),
        ("Tay kẹp robot cộng tác", "Tay kẹp điện cho robot cộng tác"),
    ),
    "음극재용 탄소소재": (
        "이차전지 음극재용 탄소소재",
        ("Carbon anode materials", "Carbon materials for battery anodes"),
        ("负极材料用碳材料", "二次电池负极用碳材料"),
        ("Vật liệu carbon cho cực âm", "Vật liệu carbon cho cực âm pin sạc"),
    ),
    "의료용 온도 로거": (
        "백신·의약품 운송용 온도 기록계",
        ("Medical temperature loggers", "For vaccine and medicine transport"),
        ("医用温度记录仪", "用于疫苗和药品运输"),
        ("Thiết bị ghi nhiệt độ y tế", "Cho vận chuyển vắc-xin và thuốc"),
    ),
    "발열 작업복": (
        "탄소섬유 발열체를 넣은 겨울 작업복",
        ("Heated workwear", "Winter workwear with carbon-fibre heaters"),
        ("发热工作服", "内置碳纤维发热体的冬季工作服"),
        ("Quần áo bảo hộ sưởi ấm", "Đồ bảo hộ mùa đông có bộ phát nhiệt sợi carbon"),
    ),
}

# The summary sentence of each kind of organisation, in each language; {name} and {fields}.
SUMMARIES = {
    "en": {
        "company": "{name} is a manufacturing SME in {fields}, looking for joint development "
        "and buyers.",
        "university": "{name} supports joint research and hands-on training in {fields}.",
        "research": "{name} supports technology development, testing, certification and "
        "equipment use in {fields}.",
        "support": "{name} supports the growth, sales channels and networking of the {fields} "
        "mini-cluster members.",
    },
    "zh-hans": {
        "company": "{name}是{fields}领域的制造业中小企业，正在寻求共同开发与采购商对接。",
        "university": "{name}支持{fields}领域的联合研究和面向产业的人才培养。",
        "research": "{name}支持{fields}领域的技术开发、测试认证和设备使用。",
        "support": "{name}支持{fields}微型集群会员企业的成长、市场开拓与交流合作。",
    },
    "vi": {
        "company": "{name} là doanh nghiệp sản xuất vừa và nhỏ trong lĩnh vực {fields}, đang "
        "tìm đối tác cùng phát triển và người mua.",
        "university": "{name} hỗ trợ nghiên cứu chung và đào tạo nhân lực sát thực tế trong "
        "lĩnh vực {fields}.",
        "research": "{name} hỗ trợ phát triển công nghệ, thử nghiệm, chứng nhận và sử dụng "
        "thiết bị trong lĩnh vực {fields}.",
        "support": "{name} hỗ trợ tăng trưởng, mở rộng thị trường và kết nối cho các thành "
        "viên cụm mini {fields}.",
    },
}
# Each cluster's field as the summaries name it.
FIELD_SUFFIXES = {"en": " Mini-cluster", "zh-hans": "微型集群", "vi": "Cụm mini "}
DEFAULT_CAPABILITIES = {
    "en": "Joint research, technical support, access to equipment",
    "zh-hans": "联合研究、技术支持、设备使用支持",
    "vi": "Nghiên cứu chung, hỗ trợ kỹ thuật, hỗ trợ sử dụng thiết bị",
}
COMPANY_CERTIFICATIONS = {
    "en": "ISO 9001\nCertified venture company",
    "zh-hans": "ISO 9001\n风险企业认证",
    "vi": "ISO 9001\nChứng nhận doanh nghiệp công nghệ (venture)",
}
