// Stand-ins (ours) for the parts of rudder-sdk-ios the CleverTap integration uses: the integration protocol, the
// client/config handles, the message with its context traits, the logger.
#import <Foundation/Foundation.h>

typedef enum { RSLogLevelNone = 0, RSLogLevelError = 1, RSLogLevelWarning = 2, RSLogLevelInfo = 3,
               RSLogLevelDebug = 4, RSLogLevelVerbose = 5 } RSLogLevel;

@interface RSConfig : NSObject
@property (nonatomic) int logLevel;
@end

@interface RSClient : NSObject
@end

@interface RSContext : NSObject
@property (nonatomic, retain) NSDictionary *traits;
@end

@interface RSMessage : NSObject
@property (nonatomic, retain) NSString *type;
@property (nonatomic, retain) NSString *event;
@property (nonatomic, retain) NSString *userId;
@property (nonatomic, retain) NSDictionary *properties;
@property (nonatomic, retain) RSContext *context;
@end

@interface RSLogger : NSObject
+ (void)logDebug:(NSString *)message;
+ (void)logWarn:(NSString *)message;
+ (void)logError:(NSString *)message;
@end

@protocol RSIntegration <NSObject>
- (void)dump:(RSMessage *)message;
- (void)reset;
- (void)flush;
@end
